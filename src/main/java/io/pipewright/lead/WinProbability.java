package io.pipewright.lead;

import java.math.BigDecimal;

/**
 * An open lead's chance of being won, as learned from closed leads.
 *
 * @param value between 0 and 1, two decimals
 * @param basis in plain words: how many closed leads were alike, in what, and how many of
 * them were won
 * @param basedOn how many closed leads the value is measured on
 * @param level how alike they are: {@code path} (the same milestones in the same order),
 * {@code milestones} (the same, in any order), {@code stage} (reached the same stage) or
 * {@code pipeline} (all closed leads of the pipeline)
 */
public record WinProbability(BigDecimal value, String basis, long basedOn, String level) {
}
