package reports;

import java.util.ArrayList;
import java.util.List;

public class Main {
    public static void main(String[] args) throws Exception {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "total"});
        System.out.print(new ReportJob().export(rows));
    }
}
