package io.pipewright.routing;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import camundajar.impl.scala.runtime.BoxesRunTime;
import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import camundajar.impl.scala.util.control.NonFatal$;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine.Failure;
import org.camunda.feel.api.EvaluationFailure;
import org.camunda.feel.api.EvaluationFailureType;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.context.VariableProvider.CompositeVariableProvider;
import org.camunda.feel.context.VariableProvider.StaticVariableProvider;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.FeelInterpreter;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValError;
import org.camunda.feel.syntaxtree.ValFatalError;
import org.camunda.feel.valuemapper.ValueMapper;

/**
 * Camunda's FEEL integration for decision tables ({@link ScalaFeelEngine}: the same value
 * mappers, Spin's if present, the same custom function providers, external functions off,
 * the same results and the same {@code FEEL/SCALA-01008} failures), except that each
 * distinct expression text is parsed and validated once and FEEL's built-in functions are
 * built once. Camunda's evaluates every rule's every entry through feel-scala's
 * {@code evalExpression}/{@code evalUnaryTests}, which parse the text again and build a
 * root context of all built-in functions anew each time: most of what a routing table
 * cost.
 * <p>
 * An evaluation is feel-scala 1.19's {@code FeelEngine.evaluate} (kept in step with it,
 * messages included) with two differences that change no result: the parse and its
 * validation come from the cache, and the root context shares one
 * {@link BuiltinFunctions}. Sharing is safe across threads: the built-ins hold only the
 * clock, which {@code now()} and {@code today()} read when called, and the value mapper;
 * the failure collector, the one mutable part of a context, is still made afresh for each
 * evaluation ({@link EvalContext#create}), as feel-scala's root context is.
 * <p>
 * It uses feel-scala's internals (interpreter, built-ins, context), so a Camunda upgrade
 * that brings another feel-engine must be checked against its FeelEngine.scala; the tests
 * compare it with Camunda's engine on a table of expressions.
 */
class CachingFeelEngine extends ScalaFeelEngine {

	private final FeelInterpreter interpreter;

	private final ValueMapper valueMapper;

	/** Built-in functions, then custom ones, as in feel-scala's root context. */
	private final FunctionProvider functions;

	private final Parses expressions;

	private final Parses unaryTests;

	/**
	 * @param functionProviders the DMN engine's custom function providers, or null
	 * @param bound how many distinct texts of each kind (expressions, unary tests) are
	 * kept
	 */
	CachingFeelEngine(List<FeelCustomFunctionProvider> functionProviders, int bound) {
		super(functionProviders);
		// feelEngine is the feel-scala engine ScalaFeelEngine built; take its pieces so
		// that nothing about mapping values or finding functions can differ
		this.valueMapper = feelEngine.valueMapper();
		this.interpreter = new FeelInterpreter(valueMapper);
		this.functions = new FunctionProvider.CompositeFunctionProvider(this.<FunctionProvider>toScalaList(
				new BuiltinFunctions(feelEngine.clock(), valueMapper), feelEngine.functionProvider()));
		this.expressions = new Parses(feelEngine::parseExpression, bound);
		this.unaryTests = new Parses(feelEngine::parseUnaryTests, bound);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
		CustomContext context = new CustomContext() {
			@Override
			public VariableProvider variableProvider() {
				return new ContextVariableWrapper(variableContext);
			}
		};
		return (T) evaluate(expressions.parsed(expression), context);
	}

	@Override
	public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variableContext) {
		// the entry reads the input's value through the input variable's name
		StaticVariableProvider input = new StaticVariableProvider(
				new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE_NAME, inputVariable));
		ContextVariableWrapper variables = new ContextVariableWrapper(variableContext);
		CustomContext context = new CustomContext() {
			@Override
			public VariableProvider variableProvider() {
				return new CompositeVariableProvider(
						CachingFeelEngine.this.<VariableProvider>toScalaList(input, variables));
			}
		};
		// as feel-scala's evalUnaryTests casts (null is false) and then Camunda's unboxes
		return BoxesRunTime.unboxToBoolean(evaluate(unaryTests.parsed(expression), context));
	}

	/** The result, or the failure as Camunda's ScalaFeelEngine throws it. */
	private Object evaluate(Parsed parsed, Context context) {
		if (parsed.failure() != null) {
			throw LOGGER.evaluationException(parsed.failure());
		}
		ParsedExpression expression = parsed.expression();
		String failure;
		try {
			EvalContext evalContext = EvalContext.create(valueMapper, functions).merge(context);
			Val value = interpreter.eval(expression.expression(), evalContext);
			String assertion = assertionFailure(evalContext);
			if (assertion != null) {
				failure = "Assertion failure on evaluate the expression '" + expression.text() + "': " + assertion;
			}
			else if (value instanceof ValError error) {
				failure = "failed to evaluate expression '" + expression.text() + "': " + error.error();
			}
			else if (value instanceof ValFatalError error) {
				failure = "failed to evaluate expression '" + expression.text() + "': " + error.error();
			}
			else {
				return valueMapper.unpackVal(value);
			}
		}
		catch (Throwable ex) {
			// feel-scala's Try: what is not fatal becomes a failure, with its odd " : "
			if (!NonFatal$.MODULE$.apply(ex)) {
				throw ex;
			}
			failure = "failed to evaluate expression '" + expression.text() + "' : " + ex;
		}
		throw LOGGER.evaluationException(failure);
	}

	private static String assertionFailure(EvalContext context) {
		camundajar.impl.scala.collection.Iterator<EvaluationFailure> failures = context.failureCollector()
			.failures()
			.iterator();
		while (failures.hasNext()) {
			EvaluationFailure failure = failures.next();
			if (failure.failureType() == EvaluationFailureType.ASSERT_FAILURE$.MODULE$) {
				return failure.failureMessage();
			}
		}
		return null;
	}

	/** How many texts were parsed (each distinct text once while it is kept). */
	long parses() {
		return expressions.parses.get() + unaryTests.parses.get();
	}

	/** How many parsed texts are kept. */
	int kept() {
		return expressions.parsed.size() + unaryTests.parsed.size();
	}

	/** A text parsed and validated: the expression, or feel-scala's failure message. */
	record Parsed(ParsedExpression expression, String failure) {

	}

	/**
	 * Parsed texts of one kind, at most {@code bound} of them. Decision tables hold a
	 * fixed set of texts, so the bound is only a guard: past it an arbitrary text is
	 * forgotten and parsed again when next needed. Two threads may parse a new text at
	 * once; both parses are equal and either is kept.
	 */
	private static final class Parses {

		private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

		private final Function<String, Either<Failure, ParsedExpression>> parser;

		private final int bound;

		private final AtomicLong parses = new AtomicLong();

		Parses(Function<String, Either<Failure, ParsedExpression>> parser, int bound) {
			this.parser = parser;
			this.bound = bound;
		}

		Parsed parsed(String text) {
			if (text == null) {
				// no key for it; feel-scala answers with a failure naming 'null'
				return parse(null);
			}
			Parsed known = parsed.get(text);
			if (known != null) {
				return known;
			}
			Parsed fresh = parse(text);
			if (parsed.size() >= bound) {
				Iterator<String> texts = parsed.keySet().iterator();
				if (texts.hasNext()) {
					texts.next();
					texts.remove();
				}
			}
			parsed.put(text, fresh);
			return fresh;
		}

		private Parsed parse(String text) {
			parses.incrementAndGet();
			Either<Failure, ParsedExpression> result = parser.apply(text);
			return result instanceof Left<Failure, ParsedExpression> left ? new Parsed(null, left.value().message())
					: new Parsed(result.toOption().get(), null);
		}

	}

}
