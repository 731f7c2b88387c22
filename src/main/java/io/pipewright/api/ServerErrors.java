package io.pipewright.api;

import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Errors the servlet container answers itself become problems too: see
 * {@link ProblemReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class ServerErrors {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve() {
		return new ProblemValveCustomizer();
	}

	/** After Spring Boot's own customizer, which adds a plain error report valve. */
	private static final class ProblemValveCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(ServerErrors::useProblemValve);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	private static void useProblemValve(Context context) {
		if (!(context.getParent() instanceof StandardHost host)) {
			return;
		}
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
				host.getPipeline().removeValve(valve);
			}
		}
		// the host adds a valve of this class when it starts, unless it has one already
		host.setErrorReportValveClass(ProblemReportValve.class.getName());
	}

}
