"""Who is working at this counter now: the logged-in user and their service context."""

from __future__ import annotations

from dataclasses import dataclass

from onestop.services import permissions
from onestop.services.context import Context
from onestop.services.users import UserDTO

#: What a reports-only session offers: the dashboard, lists and reports, and their exports
#: (whose audit entries the reader writes in its own chain).
READ_ONLY_ACTIONS = frozenset({"report", "export"})


@dataclass(frozen=True)
class UserSession:
    """The logged-in user and a context that acts as them (built after a successful login).

    The GUI only *hides* what a role may not do; the services check the same matrix again.
    """

    ctx: Context
    user: UserDTO

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def read_only(self) -> bool:
        """A reports-only session: a reader login on the central database (issue 19)."""
        return self.ctx.read_only

    def can(self, action: str) -> bool:
        """Whether the role allows ``action`` (see :mod:`onestop.services.permissions`); a
        reports-only session allows reading reports and exporting them, nothing else."""
        if self.read_only and action not in READ_ONLY_ACTIONS:
            return False
        return permissions.allows(self.user.role, action)

    def can_record(self, kind: str) -> bool:
        """Whether the role may record an event of ``kind`` (void needs a supervisor)."""
        return self.can(permissions.event_action(kind))
