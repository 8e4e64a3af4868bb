def split_bill(total, people):
    share = round(total / people, 2)
    # BUG: the rounding remainder is lost instead of going to the first person
    return [share] * people
