package io.pipewright.routing;

/**
 * Decides which pipeline a new lead enters and who owns it. A lead's explicit choices
 * always win.
 */
public interface Routing {

	Assignment route(LeadDraft draft);

}
