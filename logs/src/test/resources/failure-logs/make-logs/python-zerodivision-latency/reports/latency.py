import datetime
import random

from reports.stats import mean


def collect(window_minutes):
    # the canary endpoint answered no requests during the window
    return [s for s in (random.uniform(5, 80) for _ in range(50)) if s < 0]


def summarize(endpoint):
    samples = collect(15)
    print(f"{datetime.datetime.now(datetime.timezone.utc).isoformat()} {endpoint}: {len(samples)} samples")
    return {"endpoint": endpoint, "mean_ms": mean(samples)}


if __name__ == "__main__":
    print(summarize(f"/canary/{random.randrange(1000, 9999)}"))
