package io.pipewright.board;

import java.util.List;

/**
 * One pipeline's board as the page shows it.
 *
 * @param values whether the viewer sees values and sums (marketing does not)
 */
record Board(String pipelineKey, String pipelineName, List<Column> columns, boolean values) {

	/**
	 * A stage's column.
	 *
	 * @param totals the summed value per currency, e.g. "250 000 NOK"
	 * @param weighted the weighted value per currency, or empty where the stage has too
	 * little history
	 * @param probability the measured share won, in percent, or null
	 * @param measuredOn how many closed leads left the stage
	 * @param usualDays how many days the stage usually takes, or null
	 */
	record Column(String stageId, String name, long count, List<String> totals, List<String> weighted,
			Integer probability, long measuredOn, Long usualDays, List<Card> cards, int page, boolean more) {
	}

	/**
	 * A lead's card.
	 *
	 * @param overdue how many of its open tasks are past their due date
	 * @param stalled whether it has been in the stage longer than the stage usually takes
	 * @param slips how often its expected close date moved later
	 * @param probability its win probability in percent, or null (no closed leads yet, or
	 * a viewer who sees no values)
	 * @param probabilityBasis what the probability rests on, in plain words
	 */
	record Card(String id, String title, String person, String value, String owner, long days, int overdue,
			boolean stalled, int slips, Integer probability, String probabilityBasis) {

		public boolean slipped() {
			return slips >= 2;
		}

	}

}
