package reports;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

public class ReportJob {

    // @@PAD@@
    public String export(List<String[]> rows) throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter writer = new CsvWriter(out);
        for (String[] row : rows) {
            writer.writeRow(row);
        }
        return out.toString();
    }
}
