import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

// A real Spark job whose event log the history server test replays (the kit's Spark has no examples jar).
public class PiForHistory {
  public static void main(String[] args) {
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("pi-for-history"));
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      numbers.add(i);
    }
    long inside = sc.parallelize(numbers, 2).filter(i -> {
      double x = Math.random();
      double y = Math.random();
      return x * x + y * y <= 1;
    }).count();
    System.out.println("Pi is roughly " + 4.0 * inside / numbers.size());
    sc.stop();
  }
}
