"""Webhook signatures: ``X-Draftgate-Signature`` and the Standard Webhooks headers, and the unsigned warning.

Standard Webhooks (https://www.standardwebhooks.com): ``webhook-id`` names the delivery and is the
same on every attempt of a draft, ``webhook-timestamp`` is the attempt's Unix time, and
``webhook-signature`` is ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``. A receiver checks
them with the ``standardwebhooks`` library of its language, which rejects a capture replayed more
than five minutes later. The key is the secret's UTF-8 bytes, or for a ``whsec_<base64>`` secret
the decoded bytes, exactly as the libraries read it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from standardwebhooks.webhooks import Webhook

from agent.settings import Settings

UNSIGNED_WARNING = ("DRAFTGATE_DELIVERY_SECRET is empty: deliveries to {url} go out UNSIGNED and any caller "
                    "who can reach the receiver can forge or replay them. Set a long random secret "
                    "(for example whsec_ + base64 of 32 random bytes) and give it to the receiver.")


def sign(*, body: bytes, secret: str) -> str:
    """Return the ``X-Draftgate-Signature`` value: sha256=<lowercase hex HMAC of the raw body>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_id(draft_id: str) -> str:
    """Return the Standard Webhooks message id of a draft's delivery, the same on every attempt."""
    return f"msg_{draft_id.replace('-', '')}"


def signer(secret: str) -> Webhook | None:
    """Return the Standard Webhooks signer for a secret, or None when the secret is empty."""
    if not secret:
        return None
    return Webhook(secret) if secret.startswith("whsec_") else Webhook(secret.encode("utf-8"))


def headers(*, draft_id: str, body: bytes, secret: str, now: dt.datetime | None = None) -> dict[str, str]:
    """Return every signature header of one attempt (none of the signatures when the secret is empty)."""
    moment = now or dt.datetime.now(dt.UTC)
    message_id = webhook_id(draft_id)
    values = {"webhook-id": message_id, "webhook-timestamp": str(int(moment.timestamp()))}
    webhook = signer(secret)
    if webhook is not None:
        values["webhook-signature"] = webhook.sign(message_id, moment, body.decode("utf-8"))
        values["X-Draftgate-Signature"] = sign(body=body, secret=secret)
    else:
        values["X-Draftgate-Signature"] = sign(body=body, secret="")
    return values


def unsigned_warning(settings: Settings) -> str | None:
    """Return the loud warning to print at start when deliveries would go out unsigned, else None."""
    if settings.delivery_url and not settings.delivery_secret.get_secret_value():
        return UNSIGNED_WARNING.format(url=settings.delivery_url)
    return None
