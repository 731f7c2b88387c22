package io.pipewright.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text a person could have typed: no control characters (NUL, escape, backspace; tab and
 * line breaks only where {@link #lines()}) and no half of a surrogate pair. PostgreSQL
 * refuses NUL outright, and broken unicode would be stored as {@code ?}: refused here,
 * naming the field, it never gets that far. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = PlainText.Check.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

	/**
	 * Whether tabs and line breaks are allowed (a reason, a note), or the text is one
	 * line.
	 */
	boolean lines() default false;

	String message() default "must be plain text, without control characters or broken unicode (such as NUL)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Check implements ConstraintValidator<PlainText, CharSequence> {

		private boolean lines;

		@Override
		public void initialize(PlainText annotation) {
			this.lines = annotation.lines();
		}

		@Override
		public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
			return text == null || isPlain(text, lines);
		}

		/** Whether the text is plain, as {@link PlainText} says. */
		public static boolean isPlain(CharSequence text, boolean lines) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)
						|| Character.isISOControl(c) && !(lines && (c == '\t' || c == '\n' || c == '\r'))) {
					return false;
				}
			}
			return true;
		}

	}

}
