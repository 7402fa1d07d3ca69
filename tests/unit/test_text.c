/* SPDX-License-Identifier: MIT */
/*
 * Snapshot text made safe (common/buf.c): control characters for the
 * terminal, strict UTF-8 for JSON, code spans for Markdown.
 */
#include <stdlib.h>

#include "buf.h"
#include "harness.h"

static void test_utf8_len(void)
{
	CHECK_INT(isc_utf8_len((const unsigned char *)"a"), 1);
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xc3\xa9"), 2);          /* e-acute */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xe2\x82\xac"), 3);      /* euro */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80"), 4);  /* U+1F600 */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xf4\x8f\xbf\xbf"), 4);  /* U+10FFFF */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xc0\xaf"), 0);          /* overlong '/' */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xe0\x80\xaf"), 0);      /* overlong */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xf0\x80\x80\xaf"), 0);  /* overlong */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xed\xa0\x80"), 0);      /* surrogate */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xf4\x90\x80\x80"), 0);  /* past U+10FFFF */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xf5\x80\x80\x80"), 0);
	CHECK_INT(isc_utf8_len((const unsigned char *)"\xe2\x82"), 0);          /* cut */
	CHECK_INT(isc_utf8_len((const unsigned char *)"\x80"), 0);              /* lone continuation */
}

static void test_text_clean(void)
{
	char s[] = "a\x1b[31m\x07 b\tc\nd\x7f e\xc2\x9b" "31m f\x9bg h\xc3\xa9 \xe2\x82\xac \xed\xa0\x80";
	char line[] = "one\ntwo\tthree\r";

	CHECK_STR(isc_text_clean(s), "a?[31m? b\tc\nd? e?31m f?g h\xc3\xa9 \xe2\x82\xac \xed\xa0?");
	CHECK_STR(isc_text_line(line), "one two\tthree?");
	CHECK(isc_text_clean(NULL) == NULL);
}

static void check_code(const char *in, unsigned flags, const char *want)
{
	char *got = isc_md_code(in, flags);

	CHECK_STR(got, want);
	free(got);
}

static void test_md_code(void)
{
	check_code("plain", 0, "`plain`");
	check_code("plain", ISC_MD_PAD, "` plain `");
	check_code("a`b", 0, "``a`b``");
	check_code("``x", 0, "``` ``x ```");     /* begins with a backtick: padded */
	check_code("x`", 0, "`` x` ``");
	check_code(" both ", 0, "`  both  `");  /* spaces at both ends survive */
	check_code("", 0, "` `");
	check_code("l1\nl2\r", 0, "`l1 l2 `");
	check_code("a|b", 0, "`a|b`");
	check_code("a|b", ISC_MD_TABLE, "`a\\|b`");
	check_code("[x](http://e/) <script>", 0, "`[x](http://e/) <script>`");
}

TEST_MAIN(test_utf8_len, test_text_clean, test_md_code)
