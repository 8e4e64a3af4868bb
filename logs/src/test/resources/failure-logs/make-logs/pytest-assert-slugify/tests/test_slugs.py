import random

from slugs import slugify


def test_simple_title():
    assert slugify("Release Notes") == "release-notes"


# @@PAD@@
def test_punctuation_is_removed():
    build = random.randrange(1000, 99999)
    print(f"checking slugs for build {build}")
    assert slugify("Hello, World!") == "hello-world"
