package io.pipewright.lead;

/** The currencies our Scandinavian teams sell in. */
public enum Currency {

	NOK, SEK, DKK, EUR

}
