pub struct Account {
    pub id: u32,
    pub balance: i64,
}

pub fn transfer(from: &mut Account, to: &mut Account, amount: i64) {
    from.balance -= amount;
    // BUG: the fee is charged to the receiver as well
    to.balance += amount - fee(amount);
}

pub fn fee(amount: i64) -> i64 {
    amount / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_is_one_percent() {
        assert_eq!(fee(500), 5);
    }

    // @@PAD@@
    #[test]
    fn transfer_moves_full_amount() {
        let batch = std::process::id();
        let mut a = Account { id: 1, balance: 1_000 };
        let mut b = Account { id: 2, balance: 250 };
        transfer(&mut a, &mut b, 300);
        assert_eq!(a.balance, 700);
        assert_eq!(b.balance, 550, "receiver balance in batch {}", batch);
    }
}
