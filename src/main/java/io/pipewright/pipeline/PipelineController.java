package io.pipewright.pipeline;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/pipelines")
class PipelineController {

	private final Pipelines pipelines;

	PipelineController(Pipelines pipelines) {
		this.pipelines = pipelines;
	}

	@GetMapping
	List<Pipeline> all() {
		return pipelines.latest();
	}

	@GetMapping("/{key}")
	Pipeline one(@PathVariable String key) {
		return pipelines.latest(key);
	}

}
