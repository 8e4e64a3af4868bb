# @@PAD@@
def mean(values):
    return sum(values) / len(values)


def percentile(values, pct):
    ordered = sorted(values)
    index = int(round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]
