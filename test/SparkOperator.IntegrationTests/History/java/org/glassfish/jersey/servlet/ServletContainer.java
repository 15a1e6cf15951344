package org.glassfish.jersey.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule$;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.status.api.v1.ApplicationInfo;
import org.apache.spark.status.api.v1.UIRoot;
import org.apache.spark.status.api.v1.UIRootFromServletContext;

/**
 * Test-only stand-in for Jersey, which the kit's Spark jars (only what spark-submit needs) lack and
 * no registry here serves. Spark's history server mounts this class at /api as it would Jersey's;
 * it answers GET /api/v1/applications from the server's own UIRoot, the list Spark's
 * ApplicationListResource returns, serialized with Jackson's Scala module as Spark does.
 */
public class ServletContainer extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    if (!"/v1/applications".equals(path) && !"/v1/applications/".equals(path)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "the test's stand-in serves /api/v1/applications only");
      return;
    }

    UIRoot root = UIRootFromServletContext.getUiRoot(getServletContext());
    List<ApplicationInfo> applications = new ArrayList<>();
    scala.collection.Iterator<ApplicationInfo> all = root.getApplicationInfoList();
    while (all.hasNext()) {
      applications.add(all.next());
    }

    response.setContentType("application/json");
    new ObjectMapper().registerModule(DefaultScalaModule$.MODULE$).writeValue(response.getOutputStream(), applications);
  }
}
