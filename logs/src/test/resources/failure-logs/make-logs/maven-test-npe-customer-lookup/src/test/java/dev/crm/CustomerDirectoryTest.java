package dev.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CustomerDirectoryTest {

    @Test
    void lookupReturnsEmailForKnownCustomer() {
        String id = UUID.randomUUID().toString();
        CustomerDirectory directory = new CustomerDirectory();
        directory.register(new Customer(id, "Ada Lovelace", "ada@example.org"));
        System.out.println("registered customer " + id);
        assertEquals("ada@example.org", directory.emailOf(id));
    }
}
