package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;

/**
 * The baseline for {@link io.pipewright.StartupBenchmark}: a bare Camunda Spring Boot
 * application (engine, webapps, engine-rest, Actuator) on the same classpath, with none
 * of Pipewright's code (outside its packages) and without Flyway and Spring Security. Its
 * settings are {@code bench/bare.yaml}.
 */
@SpringBootApplication(exclude = { FlywayAutoConfiguration.class, SecurityAutoConfiguration.class,
		UserDetailsServiceAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class })
public class BareCamundaApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareCamundaApplication.class, args);
	}

}
