"""How complete the governance data is, per body: members with and without dates (`migrights data audit`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from migrights.governance.models import GovernanceBody, Membership


@dataclass(frozen=True)
class BodyAudit:
    slug: str
    name: str
    members: int  # states with the role "member", past and present
    members_with_start: int
    members_with_end: int
    others: int  # observers, chairs, partners, associates; organisations
    verified_share: float | None
    unread_rows: int  # rows citing a source marked as not read

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def body_audit() -> list[BodyAudit]:
    """One line per governance body, by name."""
    rows: dict[int, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.select_related("source").only(
        "body_id", "country_id", "role", "start", "end", "verified", "source__read"
    ):
        rows[membership.body_id].append(membership)
    lines = []
    for body in GovernanceBody.objects.order_by("name"):
        held = rows.get(body.pk, [])
        members = [m for m in held if m.role == Membership.Role.MEMBER and m.country_id is not None]
        lines.append(
            BodyAudit(
                slug=body.slug,
                name=body.name,
                members=len(members),
                members_with_start=sum(m.start is not None for m in members),
                members_with_end=sum(m.end is not None for m in members),
                others=len(held) - len(members),
                verified_share=round(sum(m.verified for m in held) / len(held), 4) if held else None,
                unread_rows=sum(m.source.read is False for m in held),
            )
        )
    return lines
