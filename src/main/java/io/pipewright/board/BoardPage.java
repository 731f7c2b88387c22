package io.pipewright.board;

import io.pipewright.pipeline.Pipeline;
import io.pipewright.pipeline.Pipelines;
import io.pipewright.security.Viewer;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The board at {@code /}: one pipeline's open leads as cards in a column per stage, with
 * each column's count, total and weighted value. Filters are a GET form, so a board is a
 * bookmark.
 */
@Controller
class BoardPage {

	private final BoardService boards;

	private final Pipelines pipelines;

	BoardPage(BoardService boards, Pipelines pipelines) {
		this.boards = boards;
		this.pipelines = pipelines;
	}

	@GetMapping({ "/", "/board" })
	String board(@RequestParam(required = false) String pipeline, @RequestParam(required = false) String owner,
			@RequestParam(required = false) String team, @RequestParam(required = false) String territory,
			@RequestParam(required = false) String productLine, @RequestParam(required = false) String source,
			@RequestParam(required = false) String q, @RequestParam(required = false) String stage,
			@RequestParam(defaultValue = "0") String page, Locale locale, Model model) {
		List<Pipeline> deployed = pipelines.latest();
		model.addAttribute("pipelines", deployed);
		Pipeline shown = deployed.stream()
			.filter(p -> p.key().equals(pipeline))
			.findFirst()
			.orElse(deployed.stream()
				.filter(p -> p.key().equals("new-business"))
				.findFirst()
				.orElse(deployed.isEmpty() ? null : deployed.get(0)));
		if (shown == null) {
			return "board/board";
		}
		Viewer viewer = boards.viewer();
		List<String> teams = boards.teams(viewer);
		String chosenTeam = blank(team) != null && teams.contains(blank(team)) ? blank(team) : null;
		Set<String> owners = boards.owners(viewer, chosenTeam);
		BoardFilter filter = new BoardFilter(blank(owner), blank(territory), blank(productLine), blank(source),
				blank(q), owners);
		model.addAttribute("board",
				boards.board(shown, filter, BoardService.seesValues(viewer), blank(stage), number(page), locale));
		model.addAttribute("filter", filter);
		model.addAttribute("team", chosenTeam);
		model.addAttribute("teams", teams);
		Set<String> visible = boards.visibleOwners(viewer);
		model.addAttribute("owners", boards.values(shown, "owner", visible));
		model.addAttribute("territories", boards.values(shown, "territory", visible));
		model.addAttribute("productLines", boards.values(shown, "product_line", visible));
		model.addAttribute("sources", boards.values(shown, "source", visible));
		model.addAttribute("links", new Links(shown.key(), filter, chosenTeam));
		model.addAttribute("filtered",
				filter.owner() != null || filter.territory() != null || filter.productLine() != null
						|| filter.source() != null || filter.search() != null || chosenTeam != null);
		return "board/board";
	}

	/** Links that keep the board's pipeline and filters. */
	record Links(String pipeline, BoardFilter filter, String team) {

		public String page(String stageId, int page) {
			return UriComponentsBuilder.fromPath("/")
				.queryParam("pipeline", pipeline)
				.queryParamIfPresent("owner", Optional.ofNullable(filter.owner()))
				.queryParamIfPresent("team", Optional.ofNullable(team))
				.queryParamIfPresent("territory", Optional.ofNullable(filter.territory()))
				.queryParamIfPresent("productLine", Optional.ofNullable(filter.productLine()))
				.queryParamIfPresent("source", Optional.ofNullable(filter.source()))
				.queryParamIfPresent("q", Optional.ofNullable(filter.search()))
				.queryParam("stage", stageId)
				.queryParam("page", page)
				.encode()
				.build()
				.toUriString() + "#column-" + stageId;
		}

	}

	private static String blank(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/** A page number as typed into the address bar: anything not a small number is 0. */
	private static int number(String page) {
		try {
			return Math.max(0, Math.min(Integer.parseInt(page.strip()), 10_000));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
