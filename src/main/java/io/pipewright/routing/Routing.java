package io.pipewright.routing;

/**
 * Decides which pipeline a lead enters and who owns it, from the DMN decisions an admin
 * deploys. A lead's explicit choices always win; a table that cannot be followed never
 * loses a lead, which goes to the configured fallback with the reason.
 */
public interface Routing {

	/** The pipeline and owner of a new lead. */
	Assignment route(LeadDraft draft);

	/**
	 * A new owner for a running lead, as an "assign lead" task asks: the given user, a
	 * member of the given team, or what the given decision says; with none of them the
	 * owner decision decides again. The pipeline stays.
	 * @param valueTier the lead's tier as it carries it (set when it was created, and
	 * again whenever its value changed), so the value tier decision is not asked twice
	 * for one value; null: the decision is asked
	 */
	Assignment reassign(LeadDraft lead, String valueTier, AssignTarget target);

	/** The tier of a value as the value tier decision says; null when it cannot tell. */
	String valueTier(LeadDraft lead);

}
