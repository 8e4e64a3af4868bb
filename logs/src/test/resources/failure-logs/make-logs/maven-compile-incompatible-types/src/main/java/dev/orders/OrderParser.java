package dev.orders;

import java.util.ArrayList;
import java.util.List;

public class OrderParser {

    // @@PAD@@
    public List<OrderLine> parse(List<String> csvLines) {
        List<OrderLine> result = new ArrayList<>();
        for (String line : csvLines) {
            String[] fields = line.split(",");
            int quantity = fields[2].trim();
            result.add(new OrderLine(fields[0], fields[1], quantity));
        }
        return result;
    }
}
