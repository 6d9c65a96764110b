/* Messages in the user's language. The library marks every message a person
 * reads with _() (N_() where a string is only listed, translated later; P_()
 * for a message with a number, which picks the plural form) and
 * looks it up in the "appeal" catalogue; the program that uses the library
 * chooses the locale and binds the catalogue (the command does, in main). A
 * program that does neither gets the English text, unchanged. */
#ifndef APPEAL_UTIL_I18N_H
#define APPEAL_UTIL_I18N_H

#include <libintl.h>

#define APPEAL_TEXT_DOMAIN "appeal"
#define _(msgid) dgettext(APPEAL_TEXT_DOMAIN, msgid)
#define N_(msgid) msgid
#define P_(singular, plural, n) dngettext(APPEAL_TEXT_DOMAIN, singular, plural, n)

#endif
