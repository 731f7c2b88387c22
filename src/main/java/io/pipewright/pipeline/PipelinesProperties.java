package io.pipewright.pipeline;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param location where the shipped pipelines, decisions and forms are read from at
 * start-up; a Spring resource location such as {@code classpath*:bpmn/} or
 * {@code file:/etc/pipewright/bpmn/}
 */
@ConfigurationProperties("pipewright.pipelines")
@Validated
record PipelinesProperties(@NotBlank String location) {

	PipelinesProperties {
		if (location == null) {
			location = "classpath*:bpmn/";
		}
		if (!location.endsWith("/")) {
			location = location + "/";
		}
	}

}
