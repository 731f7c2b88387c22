package io.pipewright.insight;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProbabilityController {

	private final PathProbabilities probabilities;

	ProbabilityController(PathProbabilities probabilities) {
		this.probabilities = probabilities;
	}

	// optional here so that a missing pipeline is a problem naming it
	@GetMapping("/api/insight/probability")
	CalibrationView calibration(@RequestParam(required = false) String pipeline) {
		return probabilities.calibration(pipeline == null ? null : pipeline.strip());
	}

}
