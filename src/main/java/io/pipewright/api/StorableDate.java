package io.pipewright.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A date between 1900-01-01 and 9999-12-31: one every supported database stores (a
 * PostgreSQL date ends in the year 5874897, Java's in 999999999). {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = StorableDate.Check.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableDate {

	String message() default "must lie between 1900-01-01 and 9999-12-31";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Check implements ConstraintValidator<StorableDate, LocalDate> {

		private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

		private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

		@Override
		public boolean isValid(LocalDate date, ConstraintValidatorContext context) {
			return date == null || !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
		}

	}

}
