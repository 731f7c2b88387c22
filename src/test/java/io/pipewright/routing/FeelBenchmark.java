package io.pipewright.routing;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

/**
 * What the shipped routing tables cost a lead on Camunda's ScalaFeelEngine and on
 * Pipewright's {@link CachingFeelEngine}: the decisions a new lead without an owner is
 * routed by (valueTier, pipelineRouting, ownerRouting; the last two require valueTier),
 * evaluated by a bare DMN engine (no history, no database) on one thread, by that
 * thread's CPU time, the two engines in turn. Not a test: run it with
 * {@code ./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.pipewright.routing.FeelBenchmark}.
 */
public final class FeelBenchmark {

	private static final int LEADS = Integer.getInteger("bench.leads", 2_000);

	private static final List<String> DECISIONS = List.of("pipelineRouting", "ownerRouting", "valueTier");

	private FeelBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		DefaultDmnEngineConfiguration camunda = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
			.createDefaultDmnEngineConfiguration();
		camunda.setFeelEngineFactory(new ScalaFeelEngineFactory());
		DefaultDmnEngineConfiguration ours = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
			.createDefaultDmnEngineConfiguration();
		ours.setFeelEngineFactory(new CachingFeelEngineFactory(ours));
		Tables onCamundas = tables(camunda);
		Tables onOurs = tables(ours);
		same(onCamundas, onOurs);
		System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s; %d leads a round, 3 decisions a lead%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LEADS);
		for (int round = 1; round <= 3; round++) {
			double before = run(onCamundas);
			double after = run(onOurs);
			System.out.printf(Locale.ROOT,
					"round %d: CPU ms a lead: ScalaFeelEngine %.3f, CachingFeelEngine %.3f (%.1f times less)%n", round,
					before, after, before / after);
		}
	}

	/** A DMN engine with the shipped routing tables parsed. */
	private record Tables(DmnEngine engine, Map<String, DmnDecision> decisions) {

	}

	private static Tables tables(DefaultDmnEngineConfiguration configuration) throws Exception {
		DmnEngine engine = configuration.buildEngine();
		try (InputStream dmn = Files.newInputStream(Path.of("bpmn/routing.dmn"))) {
			return new Tables(engine,
					engine.parseDecisions(dmn)
						.stream()
						.collect(Collectors.toMap(DmnDecision::getKey, decision -> decision)));
		}
	}

	/** Both engines route every lead of a round alike, or there is nothing to compare. */
	private static void same(Tables camunda, Tables ours) {
		for (int i = 0; i < LEADS; i++) {
			VariableMap lead = lead(i);
			for (String key : DECISIONS) {
				Object expected = camunda.engine().evaluateDecision(camunda.decisions().get(key), lead).getResultList();
				Object actual = ours.engine().evaluateDecision(ours.decisions().get(key), lead).getResultList();
				if (!expected.equals(actual)) {
					throw new IllegalStateException(key + " for lead " + lead + ": " + expected + " but " + actual);
				}
			}
		}
	}

	/** CPU milliseconds a lead, after as many leads again to warm up. */
	private static double run(Tables tables) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		drive(tables, LEADS);
		long start = threads.getCurrentThreadCpuTime();
		drive(tables, LEADS);
		return (threads.getCurrentThreadCpuTime() - start) / 1e6 / LEADS;
	}

	/** As DecisionRouting.route for a lead without an owner. */
	private static void drive(Tables tables, int leads) {
		for (int i = 0; i < leads; i++) {
			VariableMap lead = lead(i);
			for (String key : DECISIONS) {
				tables.engine().evaluateDecision(tables.decisions().get(key), lead);
			}
		}
	}

	/** Leads spread over the tables' rules, as RoutingTables gives their fields. */
	private static VariableMap lead(int i) {
		String[] sources = { "Existing customer", "Web form", "Referral", "Trade fair" };
		String[] territories = { "Oslo", "Vestland", "Stockholm", "Malmö", "Aarhus", "Helsinki" };
		String[] products = { "Platform", "Services", "Renewal", "Support" };
		String[] currencies = { "NOK", "SEK", "DKK", "EUR" };
		return Variables.createVariables()
			.putValue("pipeline", i % 3 == 0 ? "renewals" : "new-business")
			.putValue("owner", null)
			.putValue("source", sources[i % sources.length])
			.putValue("productLine", products[(i / 4) % products.length])
			.putValue("territory", territories[i % territories.length])
			.putValue("value", (double) (i * 7919 % 1_000_000))
			.putValue("currency", currencies[(i / 3) % currencies.length]);
	}

}
