import random
import sys

WAREHOUSE = {"SKU-10001": 4, "SKU-10002": 0, "SKU-10003": 12}


# @@PAD@@
def reserve_stock(stock, sku, quantity):
    available = stock[sku]
    if available < quantity:
        raise ValueError(f"only {available} left of {sku}")
    stock[sku] = available - quantity
    return stock[sku]


def process_order(order):
    for sku, quantity in order["lines"]:
        remaining = reserve_stock(WAREHOUSE, sku, quantity)
        print(f"reserved {quantity} x {sku}, {remaining} remaining")


if __name__ == "__main__":
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    print(f"replaying order batch with seed {seed}", flush=True)
    unknown = f"SKU-{rng.randrange(20000, 99999)}"
    process_order({"id": rng.randrange(10**6), "lines": [("SKU-10001", 1), (unknown, 2)]})
    sys.exit(0)
