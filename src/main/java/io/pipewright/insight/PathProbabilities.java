package io.pipewright.insight;

import io.pipewright.api.InvalidInput;
import io.pipewright.lead.WinProbabilities;
import io.pipewright.lead.WinProbability;
import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The win probability learned from the path closed leads took, and how well it predicts
 * leads it has not seen.
 */
@Service
@EnableConfigurationProperties(ProbabilityProperties.class)
@Transactional(readOnly = true)
class PathProbabilities implements WinProbabilities {

	private static final Logger log = LoggerFactory.getLogger(PathProbabilities.class);

	/**
	 * The usual fixed percentages by a stage's place in the staircase, first to last; a
	 * pipeline of another length takes the nearest place.
	 */
	static final List<BigDecimal> FIXED = List.of(new BigDecimal("0.10"), new BigDecimal("0.20"),
			new BigDecimal("0.40"), new BigDecimal("0.60"), new BigDecimal("0.80"), new BigDecimal("0.90"));

	private static final int BINS = 10;

	private final Milestones milestones;

	private final Pipelines pipelines;

	private final ProbabilityProperties properties;

	private final WinModels models;

	/**
	 * One calibration per pipeline, scored again once a lead of it is closed or a new
	 * version is deployed: it reads and scores every closed lead.
	 */
	private final Map<String, Calibrated> calibrations = new ConcurrentHashMap<>();

	/** The pipelines whose calibration is being scored again in the background. */
	private final Set<String> scoring = ConcurrentHashMap.newKeySet();

	private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "calibration");
		thread.setDaemon(true);
		return thread;
	});

	/** Scores, with when they were made and how long that took (System.nanoTime). */
	private record Calibrated(Milestones.Stamp stamp, int version, CalibrationView view, long scoredAt, long took) {

		/**
		 * Scoring again in the background waits ten times as long as the last scoring
		 * took: with leads closing all day, it uses a tenth of a core at most.
		 */
		boolean due() {
			return System.nanoTime() - scoredAt > 10 * took;
		}

	}

	private final MessageSource messages;

	PathProbabilities(Milestones milestones, WinModels models, Pipelines pipelines, ProbabilityProperties properties,
			MessageSource messages) {
		this.milestones = milestones;
		this.messages = messages;
		this.models = models;
		this.pipelines = pipelines;
		this.properties = properties;
	}

	@Override
	public Map<String, WinProbability> of(Collection<String> leadIds, Locale locale) {
		// gathered first: learning a model reads the database, not while the leads stream
		List<Milestones.Lead> open = new ArrayList<>();
		milestones.of(leadIds, lead -> {
			if ("open".equals(lead.status())) {
				open.add(lead);
			}
		});
		Map<String, WinModel> learned = new HashMap<>();
		Map<String, Map<String, String>> names = new HashMap<>();
		Map<String, WinProbability> found = new HashMap<>();
		for (Milestones.Lead lead : open) {
			WinModel model = learned.computeIfAbsent(lead.pipelineKey(), this::model);
			if (model.closedLeads() == 0) {
				continue;
			}
			WinModel.Estimate estimate = model.estimate(lead.milestones(), lead.stageId());
			found.put(lead.id(),
					new WinProbability(BigDecimal.valueOf(estimate.value()).setScale(2, RoundingMode.HALF_UP),
							basis(estimate, lead.milestones(), lead.stageId(),
									names.computeIfAbsent(lead.pipelineKey(), this::stageNames), messages, locale),
							estimate.leads(), estimate.level().json()));
		}
		return found;
	}

	/** Whether the pipeline has closed leads to learn from. */
	boolean learned(String pipelineKey) {
		return model(pipelineKey).closedLeads() > 0;
	}

	private WinModel model(String pipelineKey) {
		return models.of(pipelineKey);
	}

	private WinModel newModel() {
		return new WinModel(properties.priorStrength(), properties.minLeads());
	}

	/**
	 * Learns on all but the most recently closed leads, then scores each held-out lead at
	 * every stage it entered, with what it had reached by then.
	 */
	CalibrationView calibration(String pipelineKey) {
		if (pipelineKey == null || pipelineKey.isBlank()) {
			throw new InvalidInput("pipeline", "is required: the key of a deployed pipeline");
		}
		Pipeline pipeline = pipelines.latest(pipelineKey);
		// stamped before scoring: a lead closed meanwhile makes the next look score again
		Milestones.Stamp stamp = milestones.stamp(pipeline.key());
		Calibrated calibrated = calibrations.get(pipeline.key());
		if (calibrated == null || calibrated.version() != pipeline.version()
				|| much(calibrated.stamp().closed(), stamp.closed())) {
			calibrated = score(pipeline, stamp);
			calibrations.put(pipeline.key(), calibrated);
		}
		else if (!calibrated.stamp().equals(stamp) && calibrated.due() && scoring.add(pipeline.key())) {
			// a few more closed leads hardly move the scores: the page shows the last
			// ones while they are scored again, instead of waiting seconds after each
			// close
			background.execute(() -> {
				try {
					calibrations.put(pipeline.key(), score(pipeline, milestones.stamp(pipeline.key())));
				}
				catch (RuntimeException ex) {
					log.warn("Could not score the calibration of pipeline '{}' again", pipeline.key(), ex);
				}
				finally {
					scoring.remove(pipeline.key());
				}
			});
		}
		return calibrated.view();
	}

	private Calibrated score(Pipeline pipeline, Milestones.Stamp stamp) {
		long started = System.nanoTime();
		CalibrationView view = calibrate(pipeline);
		return new Calibrated(stamp, pipeline.version(), view, System.nanoTime(), System.nanoTime() - started);
	}

	/** More than one closed lead in a hundred new (or gone) since the last scores. */
	private static boolean much(long before, long now) {
		return Math.abs(now - before) * 100 > before;
	}

	/**
	 * After a start, each pipeline's model is learned and its calibration scored in the
	 * background, so that the first lead page or insight page does not wait seconds for
	 * them.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		background.execute(() -> pipelines.latest().forEach(pipeline -> {
			try {
				models.of(pipeline.key());
				calibration(pipeline.key());
			}
			catch (RuntimeException ex) {
				log.warn("Could not learn the win model of pipeline '{}' at start", pipeline.key(), ex);
			}
		}));
	}

	@PreDestroy
	void stop() {
		// no interrupt: a thread interrupted in H2's file I/O closes the whole database
		background.shutdown();
	}

	private CalibrationView calibrate(Pipeline pipeline) {
		List<Milestones.Lead> closed = new ArrayList<>();
		milestones.closed(pipeline.key(), closed::add);
		closed.sort(Comparator.comparing(Milestones.Lead::closedAt).thenComparing(Milestones.Lead::id));
		int heldOut = (int) Math.ceil(closed.size() * properties.holdOut());
		int learnedOn = closed.size() - heldOut;
		WinModel model = newModel();
		closed.subList(0, learnedOn).forEach(lead -> model.learn(new WinModel.Path(lead.milestones(), lead.won())));

		Map<String, BigDecimal> fixed = fixed(pipeline);
		Score learned = new Score();
		Score usual = new Score();
		for (Milestones.Lead lead : closed.subList(learnedOn, closed.size())) {
			List<String> path = lead.milestones();
			for (int i = 0; i < path.size(); i++) {
				String stageId = path.get(i).startsWith(WinModel.STAGE) ? path.get(i).substring(2) : null;
				// a stage the pipeline no longer has has no fixed percentage to compare
				// with
				if (stageId == null || !fixed.containsKey(stageId)) {
					continue;
				}
				double predicted = model.closedLeads() == 0 ? 0.5
						: model.estimate(path.subList(0, i + 1), stageId).value();
				learned.add(predicted, lead.won());
				usual.add(fixed.get(stageId).doubleValue(), lead.won());
			}
		}
		String method = "The newest " + Math.round(properties.holdOut() * 100)
				+ " % of closed leads (by closedAt) are held out; the model learns on the rest and predicts each"
				+ " held-out lead at every stage it entered, from the stages and facts it had reached by then."
				+ " The fixed percentages are the usual 10, 20, 40, 60, 80 and 90 % by the stage's place in the"
				+ " pipeline. Brier score: the mean of (predicted - outcome)², won = 1, lost = 0; lower is better.";
		List<CalibrationView.FixedStage> percentages = pipeline.stages()
			.stream()
			.map(stage -> new CalibrationView.FixedStage(stage.id(), stage.name(), fixed.get(stage.id())))
			.toList();
		return new CalibrationView(new FunnelView.PipelineRef(pipeline.key(), pipeline.name(), pipeline.version()),
				learnedOn, heldOut, heldOut == 0 ? null : closed.get(learnedOn).closedAt(), learned.count, method,
				learned.scores(), usual.scores(), percentages);
	}

	/** Each stage's fixed percentage by its place, first to last. */
	static Map<String, BigDecimal> fixed(Pipeline pipeline) {
		Map<String, BigDecimal> fixed = new HashMap<>();
		int n = pipeline.stages().size();
		for (int i = 0; i < n; i++) {
			int place = n == 1 ? FIXED.size() - 1 : Math.round((float) i * (FIXED.size() - 1) / (n - 1));
			fixed.put(pipeline.stages().get(i).id(), FIXED.get(place));
		}
		return fixed;
	}

	/** Predictions and outcomes: their Brier score and reliability table. */
	private static final class Score {

		private long count;

		private double squares;

		private final double[] predicted = new double[BINS];

		private final long[] won = new long[BINS];

		private final long[] counts = new long[BINS];

		void add(double p, boolean outcome) {
			double y = outcome ? 1 : 0;
			count++;
			squares += (p - y) * (p - y);
			int bin = Math.min(BINS - 1, (int) Math.floor(p * BINS));
			predicted[bin] += p;
			counts[bin]++;
			if (outcome) {
				won[bin]++;
			}
		}

		CalibrationView.Scores scores() {
			List<CalibrationView.Bin> bins = new ArrayList<>();
			for (int i = 0; i < BINS; i++) {
				bins.add(new CalibrationView.Bin(decimal((double) i / BINS, 1), decimal((double) (i + 1) / BINS, 1),
						counts[i] == 0 ? null : decimal(predicted[i] / counts[i], 4),
						counts[i] == 0 ? null : decimal((double) won[i] / counts[i], 4), counts[i]));
			}
			return new CalibrationView.Scores(count == 0 ? null : decimal(squares / count, 4), List.copyOf(bins));
		}

	}

	private static BigDecimal decimal(double value, int scale) {
		return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
	}

	private Map<String, String> stageNames(String pipelineKey) {
		return pipelines.find(pipelineKey)
			.map(pipeline -> pipeline.stages()
				.stream()
				.collect(Collectors.toMap(Pipeline.Stage::id, Pipeline.Stage::name, (a, b) -> a)))
			.orElse(Map.of());
	}

	/**
	 * The basis in plain words, in the reader's language: how many closed leads it rests
	 * on, what they had in common with this one, and how many were won.
	 */
	static String basis(WinModel.Estimate estimate, List<String> milestones, String stageId, Map<String, String> names,
			MessageSource messages, Locale locale) {
		String steps = milestones.stream().map(m -> words(m, names)).collect(Collectors.joining(", "));
		String stage = stageId == null ? null : names.getOrDefault(stageId, stageId);
		String key = "probability.basis." + estimate.level().json();
		Object[] words = switch (estimate.level()) {
			case PATH, MILESTONES -> new Object[] { estimate.leads(), steps, estimate.won() };
			case STAGE -> new Object[] { estimate.leads(), stage, estimate.won() };
			case PIPELINE -> new Object[] { estimate.leads(), estimate.won() };
		};
		return messages.getMessage(key, words, locale);
	}

	/** A stage by its name, a fact in words: budgetConfirmed is "budget confirmed". */
	static String words(String milestone, Map<String, String> names) {
		String name = milestone.substring(2);
		if (milestone.startsWith(WinModel.STAGE)) {
			return names.getOrDefault(name, name);
		}
		return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
	}

}
