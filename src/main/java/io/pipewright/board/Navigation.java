package io.pipewright.board;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the pages' header links to: the list page and the insight page only for those who
 * may open them (admins and marketing; admins and managers).
 */
@ControllerAdvice(basePackages = { "io.pipewright.board", "io.pipewright.lists", "io.pipewright.insight" })
class Navigation {

	@ModelAttribute("navLists")
	boolean lists() {
		return holds("ROLE_ADMIN", "ROLE_MARKETING");
	}

	@ModelAttribute("navInsight")
	boolean insight() {
		return holds("ROLE_ADMIN", "ROLE_MANAGER");
	}

	private static boolean holds(String... roles) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(java.util.List.of(roles)::contains);
	}

}
