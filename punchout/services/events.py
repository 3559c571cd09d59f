"""The cart's history: one row per thing that happened, in the words staff read."""

from django.contrib.auth.models import AbstractBaseUser

from punchout.models import Cart, CartEvent


def cart_event_add(*, cart: Cart, kind: str, message: str,
                   actor: AbstractBaseUser | None = None, comment: str = "") -> CartEvent:
    """Record what happened to `cart`; `kind` is a short machine word ("submitted", "approved",
    …), `message` the sentence shown in the cart's history."""
    return CartEvent.objects.create(cart=cart, kind=kind, message=message, actor=actor,
                                    comment=comment)
