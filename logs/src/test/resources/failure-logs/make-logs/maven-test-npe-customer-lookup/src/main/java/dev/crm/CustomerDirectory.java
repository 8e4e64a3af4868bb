package dev.crm;

import java.util.HashMap;
import java.util.Map;

public class CustomerDirectory {
    private final Map<String, Customer> index = new HashMap<>();

    public void register(Customer customer) {
        // BUG: indexes by name instead of id
        index.put(customer.name(), customer);
    }

    // @@PAD@@
    public String emailOf(String customerId) {
        return index.get(customerId).email();
    }
}
