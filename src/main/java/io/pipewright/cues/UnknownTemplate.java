package io.pipewright.cues;

/** A notification names a template that neither ships nor was saved by an admin. */
public class UnknownTemplate extends RuntimeException {

	private final String template;

	public UnknownTemplate(String template) {
		super("There is no notification template called '" + template + "'");
		this.template = template;
	}

	public String template() {
		return template;
	}

}
