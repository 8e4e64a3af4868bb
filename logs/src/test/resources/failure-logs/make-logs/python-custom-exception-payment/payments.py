import random
import uuid


class PaymentDeclinedError(Exception):
    """Raised when the payment provider refuses a charge."""


class ProviderResponse:
    def __init__(self, status, body):
        self.status = status
        self.body = body


def call_provider(order_id, amount_cents):
    return ProviderResponse(402, {"error": "insufficient_funds", "order": order_id})


def parse_response(response):
    if response.status != 200:
        raise ValueError(f"provider returned HTTP {response.status}: {response.body['error']}")
    return response.body


# @@PAD@@
def charge(order_id, card_last4, amount_cents):
    response = call_provider(order_id, amount_cents)
    try:
        return parse_response(response)
    except ValueError as exc:
        raise PaymentDeclinedError(f"card ending {card_last4} declined for order {order_id}") from exc


if __name__ == "__main__":
    order = str(uuid.uuid4())
    charge(order, f"{random.randrange(10000):04d}", 4999)
