package io.pipewright.pipeline;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the pipelines, decisions and forms shipped in {@code bpmn/} at start-up. The
 * engine's duplicate filter keeps a restart from deploying anything unless a file
 * changed, and then only that file.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@EnableConfigurationProperties(PipelinesProperties.class)
class ShippedPipelines implements ApplicationRunner {

	static final String DEPLOYMENT_NAME = "pipewright-shipped";

	private static final Logger log = LoggerFactory.getLogger(ShippedPipelines.class);

	private static final List<String> PATTERNS = List.of("*.bpmn", "*.dmn", "*.form", "*.html");

	private final RepositoryService repository;

	private final PipelinesProperties properties;

	ShippedPipelines(RepositoryService repository, PipelinesProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		deploy();
	}

	void deploy() {
		List<Resource> resources = resources();
		if (resources.isEmpty()) {
			log.warn("No pipelines found at {}", properties.location());
			return;
		}
		DeploymentBuilder deployment = repository.createDeployment()
			.name(DEPLOYMENT_NAME)
			.source("pipewright")
			.enableDuplicateFiltering(true);
		for (Resource resource : resources) {
			try (InputStream in = resource.getInputStream()) {
				deployment.addInputStream("bpmn/" + resource.getFilename(),
						new ByteArrayInputStream(in.readAllBytes()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + resource, ex);
			}
		}
		DeploymentWithDefinitions deployed = deployment.deployWithResult();
		if (deployed.getDeployedProcessDefinitions() != null && !deployed.getDeployedProcessDefinitions().isEmpty()) {
			deployed.getDeployedProcessDefinitions()
				.forEach(p -> log.info("Deployed pipeline '{}' version {}", p.getKey(), p.getVersion()));
		}
		else {
			log.info("Shipped pipelines unchanged; nothing deployed");
		}
	}

	private List<Resource> resources() {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		return PATTERNS.stream().flatMap(pattern -> {
			try {
				return Arrays.stream(resolver.getResources(properties.location() + pattern));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot list " + properties.location() + pattern, ex);
			}
		}).filter(Resource::isReadable).sorted(Comparator.comparing(Resource::getFilename)).toList();
	}

}
