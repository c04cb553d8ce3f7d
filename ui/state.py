"""What every screen shares: the signed-in context and the bridge."""

from __future__ import annotations

from dataclasses import dataclass

from counter.services.context import Actor, Context
from ui.bridge import Bridge


@dataclass
class AppState:
    """`ctx` is replaced at each sign-in; screens read it at the moment they act."""

    ctx: Context
    bridge: Bridge
    signed_in: bool = False

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    @property
    def is_admin(self) -> bool:
        return self.ctx.actor.role == "admin"
