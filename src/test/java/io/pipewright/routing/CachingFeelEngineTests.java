package io.pipewright.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.CustomFunction;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pipewright's FEEL engine answers as Camunda's ScalaFeelEngine does, value for value and
 * failure for failure, while parsing each text once.
 */
class CachingFeelEngineTests {

	/** Custom functions, as a process engine plugin would give the DMN engine. */
	static final FeelCustomFunctionProvider TWICE = new FeelCustomFunctionProvider() {

		@Override
		public Optional<CustomFunction> resolveFunction(String name) {
			return switch (name) {
				case "twice" -> Optional.of(CustomFunction.create()
					.setParams("x")
					.setFunction(args -> ((Number) args.get(0)).longValue() * 2)
					.build());
				case "boom" -> Optional.of(CustomFunction.create().setParams("x").setFunction(args -> {
					throw new IllegalStateException("boom " + args);
				}).build());
				default -> Optional.empty();
			};
		}

		@Override
		public Collection<String> getFunctionNames() {
			return List.of("twice", "boom");
		}

	};

	final ScalaFeelEngine camunda = new ScalaFeelEngine(List.of(TWICE));

	final CachingFeelEngine ours = new CachingFeelEngine(List.of(TWICE), 100);

	/** What a table's entries see: the lead's fields and some of every type. */
	static VariableMap variables() {
		return Variables.createVariables()
			.putValue("x", 5)
			.putValue("value", 49999.0)
			.putValue("amount", new BigDecimal("75000.50"))
			.putValue("currency", "NOK")
			.putValue("name", "Kari Nordmann")
			.putValue("day", LocalDate.of(2026, 11, 26))
			.putValue("moment", LocalDateTime.of(2026, 11, 26, 10, 30))
			.putValue("tags", List.of("a", "b"))
			.putValue("nothing", null)
			.putValue("closed", false);
	}

	static Stream<String> expressions() {
		return Stream.of("\"large\"", "1 + 2", "x * 2", "value >= 50000", "amount - 0.5", "x / 0", "-x", "10 ** 2",
				"\"Kari\" + \" \" + \"Moe\"", "upper case(name)", "contains(name, \"Nord\")",
				"starts with(currency, \"N\")", "string length(name)", "substring(name, 1, 4)", "date(\"2026-11-26\")",
				"day + duration(\"P1D\")", "date and time(\"2026-11-26T10:00:00\")", "moment.hour", "day.year",
				"[1, 2, 3]", "count(tags)", "sum([1, 2, 3])", "list contains(tags, \"a\")",
				"for t in tags return t + \"!\"", "{a: 1, b: \"c\"}", "{a: 1}.a",
				"if x > 3 then \"big\" else \"small\"", "x in [1..10]", "[1..10]", "not(closed)", "nothing",
				"nothing = null", "missing", "missing + 1", "x + \"a\"", "twice(x)", "twice(21)", "boom(x)",
				"now() > date and time(\"2020-01-01T00:00:00@UTC\")", "today() >= date(\"2026-01-01\")",
				"today() - today()", "assert(x, x > 10)", "assert(x, x > 1)", "assert(x, x > 10, \"too small\")",
				"noSuchFunction(1)", "1 +", "\"unclosed", "", "-", "x > ", "date(\"not a date\")",
				"{max: function(a, b) external {java: {class: \"java.lang.Math\", method signature: \"max(int, int)\"}}, r: max(1, 2)}.r",
				"matches(name, \"[\")", "decimal(1 / 3, 2)", "number(\"12.5\")", "abs(-1.5)");
	}

	static Stream<Arguments> unaryTests() {
		List<String> tests = List.of("\"NOK\",\"SEK\"", "\"EUR\"", "-", "[10000..50000[", "< 75000", ">= 50000",
				"not(\"NOK\",\"SEK\")", "not(< 5)", "not(-)", "null", "not(null)", "? > 3", "? = x", "x", "> x",
				"contains(?, \"O\")", "date(\"2026-11-26\")", "< today()", "< now()",
				">= date and time(\"2020-01-01T00:00:00\")", "[1..5]", "(1..5)", "]1..5]", "5", "\"a\" ..", "",
				"> \"a\"", "noSuchFunction(?)", "count(?) = 2", "list contains(?, \"a\")", "twice(?) = 10", "boom(?)",
				"assert(?, ? > 100) = ?", "nothing", "?", "\"Stockholm\",\"Uppsala\",\"Göteborg\"");
		List<Object> inputs = Arrays.asList("NOK", "DKK", "", null, 4, 5, 9999.99, 10000, 50000L,
				new BigDecimal("75000"), LocalDate.of(2026, 11, 26), LocalDateTime.of(2019, 1, 1, 0, 0),
				List.of("a", "b"), true);
		return tests.stream().flatMap(test -> inputs.stream().map(input -> Arguments.of(test, input)));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("expressions")
	void anExpressionHasCamundasResultOrFailure(String expression) {
		VariableContext context = variables().asVariableContext();

		Outcome expected = outcome(() -> camunda.evaluateSimpleExpression(expression, context));
		Outcome actual = outcome(() -> ours.evaluateSimpleExpression(expression, context));
		Outcome again = outcome(() -> ours.evaluateSimpleExpression(expression, context));

		assertThat(actual).isEqualTo(expected);
		assertThat(again).isEqualTo(expected);
	}

	@ParameterizedTest(name = "[{index}] {0} with input {1}")
	@MethodSource("unaryTests")
	void aUnaryTestHasCamundasResultOrFailure(String test, Object input) {
		VariableContext context = variables().putValue("cellInput", input).asVariableContext();

		Outcome expected = outcome(() -> camunda.evaluateSimpleUnaryTests(test, "cellInput", context));
		Outcome actual = outcome(() -> ours.evaluateSimpleUnaryTests(test, "cellInput", context));
		Outcome again = outcome(() -> ours.evaluateSimpleUnaryTests(test, "cellInput", context));

		assertThat(actual).isEqualTo(expected);
		assertThat(again).isEqualTo(expected);
	}

	@Test
	void theTablesCoverResultsAndFailuresOfEveryKind() {
		// the comparisons above mean little unless the tables reach each path
		List<Outcome> outcomes = new ArrayList<>();
		expressions().forEach(
				e -> outcomes.add(outcome(() -> ours.evaluateSimpleExpression(e, variables().asVariableContext()))));
		assertThat(outcomes).anyMatch(o -> o.value() instanceof List);
		assertThat(outcomes).anyMatch(o -> o.value() instanceof LocalDate);
		assertThat(outcomes).anyMatch(o -> o.value() == null && o.failure() == null);
		assertThat(outcomes).extracting(Outcome::failure)
			.anyMatch(f -> f != null && f.contains("failed to parse expression '1 +'"))
			.anyMatch(f -> f != null && f
				.contains("failed to evaluate expression 'boom(x)' : java.lang.IllegalStateException: boom [5]"))
			.anyMatch(f -> f != null && f.contains("Assertion failure on evaluate the expression 'assert(x, x > 10)'"))
			.anyMatch(f -> f != null && f.contains("External functions are disabled"));
		assertThat(outcomes).contains(new Outcome(10L, null));
	}

	@Test
	void aFailureIsCamundasException() {
		assertThatThrownBy(() -> ours.evaluateSimpleExpression("1 +", variables().asVariableContext()))
			.isExactlyInstanceOf(FeelException.class)
			.hasMessageStartingWith(
					"FEEL/SCALA-01008 Error while evaluating expression: failed to parse expression '1 +'");
	}

	@Test
	void noTextAtAllFailsAsInCamundasEngineAndIsNotKept() {
		VariableContext context = variables().putValue("cellInput", 5).asVariableContext();

		assertThat(outcome(() -> ours.evaluateSimpleExpression(null, context)))
			.isEqualTo(outcome(() -> camunda.evaluateSimpleExpression(null, context)))
			.extracting(Outcome::failure)
			.asString()
			.contains("failed to parse expression 'null'");
		assertThat(outcome(() -> ours.evaluateSimpleUnaryTests(null, "cellInput", context)))
			.isEqualTo(outcome(() -> camunda.evaluateSimpleUnaryTests(null, "cellInput", context)));
		assertThat(ours.kept()).isZero();
	}

	@Test
	void aTextIsParsedOnceHoweverOftenItIsEvaluated() {
		for (Object value : List.of(9999.99, 20000, 60000)) {
			ours.evaluateSimpleUnaryTests("[10000..50000[", "cellInput",
					variables().putValue("cellInput", value).asVariableContext());
		}
		assertThat(ours.parses()).isEqualTo(1);

		// the same text as an expression is parsed as one
		ours.evaluateSimpleExpression("x", variables().asVariableContext());
		ours.evaluateSimpleUnaryTests("x", "cellInput", variables().putValue("cellInput", 5).asVariableContext());
		ours.evaluateSimpleUnaryTests("x", "cellInput", variables().putValue("cellInput", 6).asVariableContext());
		assertThat(ours.parses()).isEqualTo(3);

		// a text that does not parse fails each time, and is parsed once too
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> ours.evaluateSimpleExpression("1 +", variables().asVariableContext()))
				.isInstanceOf(FeelException.class);
		}
		assertThat(ours.parses()).isEqualTo(4);
		assertThat(ours.kept()).isEqualTo(4);
	}

	@Test
	void pastItsBoundTheEngineForgetsTextsAndStillAnswers() {
		CachingFeelEngine small = new CachingFeelEngine(null, 2);
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 5; i++) {
				assertThat((Object) small.evaluateSimpleExpression(i + " + 1", variables().asVariableContext()))
					.isEqualTo(i + 1L);
			}
		}
		assertThat(small.kept()).isEqualTo(2);
		assertThat(small.parses()).isGreaterThan(5);
	}

	@Test
	void oneEvaluationsFailuresDoNotReachTheNext() {
		// the failure collector is the one mutable part of FEEL's context: shared, a
		// failed
		// assertion would fail every later evaluation
		VariableContext context = variables().asVariableContext();
		assertThatThrownBy(() -> ours.evaluateSimpleExpression("assert(x, x > 10)", context))
			.hasMessageContaining("Assertion failure");

		assertThat((Object) ours.evaluateSimpleExpression("x + 1", context)).isEqualTo(6L);
		assertThat((Object) ours.evaluateSimpleExpression("assert(x, x > 1)", context)).isEqualTo(5L);
	}

	@Test
	void evaluationsOnManyThreadsAtOnceKeepToThemselves() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				int n = i;
				outcomes.add(threads.submit(() -> n % 2 == 0
						? outcome(() -> ours.evaluateSimpleExpression("assert(x, x > 10)",
								variables().putValue("x", n).asVariableContext()))
						: outcome(() -> ours.evaluateSimpleUnaryTests("[10..300[", "cellInput",
								variables().putValue("cellInput", n).asVariableContext()))));
			}
			for (int i = 0; i < outcomes.size(); i++) {
				Outcome outcome = outcomes.get(i).get();
				if (i % 2 == 1) {
					assertThat(outcome).isEqualTo(new Outcome(i >= 10 && i < 300, null));
				}
				else if (i > 10) {
					assertThat(outcome).isEqualTo(new Outcome((long) i, null));
				}
				else {
					assertThat(outcome.failure()).contains("Assertion failure");
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void nowAndTodayReadTheClockWhenCalled() {
		CachingFeelEngine engine = new CachingFeelEngine(null, 10);
		VariableContext context = variables().asVariableContext();
		ZonedDateTime first = engine.evaluateSimpleExpression("now()", context);
		// a clock read once, when the engine was built, would answer the same again
		await().atMost(Duration.ofSeconds(5)).until(() -> ZonedDateTime.now().isAfter(first.plusNanos(20_000_000)));
		ZonedDateTime before = ZonedDateTime.now();

		Object later = engine.evaluateSimpleExpression("now()", context);

		assertThat((ZonedDateTime) later).isAfterOrEqualTo(before).isAfter(first);
		assertThat((Object) engine.evaluateSimpleExpression("today()", context))
			.isEqualTo(camunda.evaluateSimpleExpression("today()", context));
	}

	/** A value, or the failure's type and message. */
	record Outcome(Object value, String failure) {

	}

	static Outcome outcome(Supplier<Object> evaluation) {
		try {
			return new Outcome(evaluation.get(), null);
		}
		catch (RuntimeException ex) {
			return new Outcome(null, ex.getClass().getName() + ": " + ex.getMessage());
		}
	}

}
