package io.pipewright.lead;

import io.pipewright.security.Role;
import io.pipewright.security.Viewer;
import io.pipewright.security.Viewers;

import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which leads a caller may see and work. The security chain has already checked the
 * caller's role (or token scope) for the call; this checks the lead: a rep works their
 * own leads, a manager their teams' leads, marketing reads contact fields only, and an
 * admin or an integration token reaches every lead.
 */
@Component
public class LeadAccess {

	public enum Action {

		READ("see"), WORK("work on"), REASSIGN("reassign");

		private final String verb;

		Action(String verb) {
			this.verb = verb;
		}

	}

	private final Viewers viewers;

	private final Leads leads;

	LeadAccess(Viewers viewers, Leads leads) {
		this.viewers = viewers;
		this.leads = leads;
	}

	public Viewer viewer() {
		return viewers.current();
	}

	/**
	 * @throws UnknownLead when there is no such lead
	 * @throws LeadAccessRefused when the caller may not do this to it
	 */
	public Viewer check(String leadId, Action action) {
		Viewer viewer = viewers.current();
		if (viewer.seesAllLeads()) {
			return viewer;
		}
		Lead lead = leads.find(leadId).orElseThrow(() -> new UnknownLead(leadId));
		if (!allowed(viewer, lead.owner(), action)) {
			throw new LeadAccessRefused(refusal(viewer, action));
		}
		return viewer;
	}

	/** May this caller give a new lead, or a lead it may change, to this owner? */
	public void checkOwner(Viewer viewer, String owner) {
		if (owner == null || viewer.seesAllLeads() || owner.equals(viewer.id())) {
			return;
		}
		if (!viewer.is(Role.MANAGER) || !viewers.teamMembers(viewer).contains(owner)) {
			throw new LeadAccessRefused(viewer.is(Role.MANAGER) ? "You can give leads only to members of your teams"
					: "Only a manager or an admin gives a lead to someone else");
		}
	}

	/**
	 * The owners whose leads the caller may list (the API, the board), or null for all.
	 */
	public Set<String> visibleOwners(Viewer viewer) {
		if (viewer.seesAllLeads() || viewer.is(Role.MARKETING)) {
			return null;
		}
		if (viewer.is(Role.MANAGER)) {
			return viewers.teamMembers(viewer);
		}
		return Set.of(viewer.id());
	}

	/** Marketing (and no stronger role) sees a lead's contact fields, nothing more. */
	public static boolean contactOnly(Viewer viewer) {
		return viewer.is(Role.MARKETING) && !viewer.seesAllLeads() && !viewer.is(Role.MANAGER) && !viewer.is(Role.REP);
	}

	private boolean allowed(Viewer viewer, String owner, Action action) {
		if (viewer.is(Role.MANAGER) && viewers.teamMembers(viewer).contains(owner)) {
			return true;
		}
		if (viewer.is(Role.REP) && Objects.equals(viewer.id(), owner)) {
			return action != Action.REASSIGN;
		}
		return viewer.is(Role.MARKETING) && action == Action.READ;
	}

	private static String refusal(Viewer viewer, Action action) {
		if (action == Action.REASSIGN && viewer.is(Role.REP)) {
			return "Only a manager or an admin reassigns a lead";
		}
		if (viewer.is(Role.MARKETING) && !viewer.is(Role.REP) && !viewer.is(Role.MANAGER)) {
			return "Marketing sees leads' contact fields and cannot " + action.verb + " a lead";
		}
		return "You cannot " + action.verb + " this lead: it belongs to someone outside your "
				+ (viewer.is(Role.MANAGER) ? "teams" : "own leads");
	}

}
