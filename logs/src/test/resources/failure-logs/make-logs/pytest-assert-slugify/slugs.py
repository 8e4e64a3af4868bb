import re


def slugify(title):
    lowered = title.strip().lower()
    # BUG: punctuation is kept
    return re.sub(r"\s+", "-", lowered)
