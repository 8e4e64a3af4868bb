import unittest

from billing import split_bill


class SplitBillTest(unittest.TestCase):
    def test_even_split(self):
        self.assertEqual(split_bill(90, 3), [30.0, 30.0, 30.0])

    # @@PAD@@
    def test_remainder_goes_to_first_person(self):
        self.assertEqual(split_bill(100, 3), [33.34, 33.33, 33.33])


if __name__ == "__main__":
    unittest.main()
