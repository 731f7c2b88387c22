package io.pipewright.routing;

/**
 * A team member weighed for a lead: their record on similar closed leads, their win rate
 * shrunk toward the team's, their open leads and the resulting share.
 */
public record Candidate(String user, int won, int closed, double winRate, int open, double score) {
}
