"""Dependencies shared by the routes, as aliases so that signatures read like sentences."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from review.auth import Principal, authenticate
from review.services import Services


def get_services(request: Request) -> Services:
    """Return the process's shared services."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


bearer = HTTPBearer(auto_error=False, description="an API key made with `draftgate keys create`")


def get_principal(services: ServicesDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    """Return the caller identified by the Bearer key."""
    authorization = f"Bearer {credentials.credentials}" if credentials else None
    with services.sessions() as session:
        return authenticate(session=session, authorization=authorization)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
