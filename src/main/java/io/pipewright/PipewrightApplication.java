package io.pipewright;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PipewrightApplication {

	public static void main(String[] args) {
		SpringApplication.run(PipewrightApplication.class, args);
	}

}
