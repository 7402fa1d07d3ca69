/* SPDX-License-Identifier: MIT */
/*
 * The HTML page's last line of defence (analyzer/render/html.c): whatever
 * Markdown reaches cmark-gfm, no link, image or raw HTML comes out of it,
 * and the page forbids every load.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "render/render_private.h"

static char *page(const char *md)
{
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);

	CHECK(f != NULL);
	if (!f)
		return NULL;
	CHECK_INT(isc_render_page("t", md, strlen(md), NULL, 0, NULL, f), 0);
	fclose(f);
	return html;
}

static void test_links_images_and_html_become_text(void)
{
	char *html = page("# Title\n\n"
			  "[link](http://evil.example/) ![image](http://evil.example/i.png) "
			  "[j](javascript:alert(1)) ![d](data:image/png;base64,AAAA) "
			  "<http://evil.example/auto> <script>alert(1)</script> "
			  "<img src=http://evil.example/x> [ref]\n\n"
			  "[![nested](http://evil.example/n.png)](http://evil.example/)\n\n"
			  "<div onclick=\"x\">block</div>\n\n"
			  "[ref]: http://evil.example/ref\n");

	CHECK(html != NULL);
	if (!html)
		return;
	CHECK(strstr(html, "<a ") == NULL);
	CHECK(strstr(html, "<img") == NULL);
	CHECK(strstr(html, "<script") == NULL);
	CHECK(strstr(html, "<div") == NULL);
	CHECK(strstr(html, "href=") == NULL);
	CHECK(strstr(html, "<h1>Title</h1>") != NULL);
	/* the text stays, as text */
	CHECK(strstr(html, "link image j d") != NULL);
	CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(html, "nested") != NULL);
	CHECK(strstr(html, "<meta http-equiv=\"Content-Security-Policy\" "
			   "content=\"default-src 'none';") != NULL);
	free(html);
}

TEST_MAIN(test_links_images_and_html_become_text)
