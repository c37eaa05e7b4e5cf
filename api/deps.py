"""Dependencies shared by the routes, as aliases so that signatures read like sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from api.auth import Principal, authenticate
from api.runtime import Services


def get_services(request: Request) -> Services:
    """Return the process's shared services."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """Yield a database session for one request."""
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_principal(services: ServicesDep, authorization: Annotated[str | None, Header()] = None) -> Principal:
    """Return the caller identified by the Bearer key."""
    with services.sessions() as session:
        return authenticate(session=session, authorization=authorization)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
