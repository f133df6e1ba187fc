/**
 * Outlet names: the stoplist of words that are never an outlet, and a small table of
 * well-known news domains for pages that name themselves badly or not at all ("NYTimes",
 * an og:site_name of "U.S.", no site name). The table is consulted only after the page's
 * own signals (JSON-LD publisher, og:site_name, the title's site part confirmed elsewhere
 * on the page); a sub-domain falls back to its parent ("edition.cnn.com" → "cnn.com").
 * Names are as the outlets write them; keep the table small and to national or
 * international news brands.
 */

const KNOWN_OUTLETS: Record<string, string> = {
  'nytimes.com': 'The New York Times',
  'washingtonpost.com': 'The Washington Post',
  'wsj.com': 'The Wall Street Journal',
  'latimes.com': 'Los Angeles Times',
  'usatoday.com': 'USA Today',
  'apnews.com': 'Associated Press',
  'reuters.com': 'Reuters',
  'bloomberg.com': 'Bloomberg',
  'cnn.com': 'CNN',
  'foxnews.com': 'Fox News',
  'nbcnews.com': 'NBC News',
  'cbsnews.com': 'CBS News',
  'abcnews.go.com': 'ABC News',
  'npr.org': 'NPR',
  'politico.com': 'Politico',
  'theatlantic.com': 'The Atlantic',
  'newyorker.com': 'The New Yorker',
  'bbc.co.uk': 'BBC',
  'bbc.com': 'BBC',
  'theguardian.com': 'The Guardian',
  'telegraph.co.uk': 'The Telegraph',
  'thetimes.co.uk': 'The Times',
  'independent.co.uk': 'The Independent',
  'ft.com': 'Financial Times',
  'economist.com': 'The Economist',
  'dailymail.co.uk': 'Daily Mail',
  'spiegel.de': 'Der Spiegel',
  'zeit.de': 'Die Zeit',
  'faz.net': 'Frankfurter Allgemeine Zeitung',
  'sueddeutsche.de': 'Süddeutsche Zeitung',
  'tagesschau.de': 'tagesschau.de',
  'lemonde.fr': 'Le Monde',
  'lefigaro.fr': 'Le Figaro',
  'liberation.fr': 'Libération',
  'elpais.com': 'El País',
  'elmundo.es': 'El Mundo',
  'corriere.it': 'Corriere della Sera',
  'repubblica.it': 'la Repubblica',
  'nos.nl': 'NOS',
  'volkskrant.nl': 'de Volkskrant',
  'nrc.nl': 'NRC',
  'wyborcza.pl': 'Gazeta Wyborcza',
  'publico.pt': 'Público',
  'aljazeera.com': 'Al Jazeera',
  'afp.com': 'AFP',
  'dpa.com': 'dpa',
};

/** Words that are sections, pages or interface labels, never a publication (lower case). */
const GENERIC_NAMES = new Set([
  'hosted', 'home', 'homepage', 'home page', 'news', 'latest news', 'breaking news', 'top stories', 'index', 'blog',
  'article', 'articles', 'untitled', 'page', 'website', 'site', 'web', 'us', 'u.s.', 'world', 'opinion', 'politics',
  'business', 'sport', 'sports', 'local', 'latest', 'front page', 'startseite', 'nachrichten', 'aktuelles', 'accueil',
  'actualités', 'inicio', 'portada', 'noticias', 'notizie', 'nieuws', 'wiadomości', 'wiadomosci', 'notícias',
  'início', 'ultime notizie', 'home page', 'wordpress', 'just another wordpress site',
]);

const GENERIC_KEYS = new Set([...GENERIC_NAMES].map(genericKey));

/** Lower case, letters and digits only, without a leading "the": "U.S." → "us", "The News" → "news". */
function genericKey(name: string): string {
  return name
    .toLowerCase()
    .trim()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** True for a name that is a section or interface word ("Hosted", "Home", "News", "U.S."), not an outlet. */
export function isGenericOutlet(name: string): boolean {
  const key = genericKey(name);
  return key === '' || GENERIC_KEYS.has(key);
}

/** The table's names ("The Guardian"), by their lower-case form. */
const KNOWN_NAMES = new Map(Object.values(KNOWN_OUTLETS).map((name) => [name.toLowerCase(), name]));

/** The table's own spelling of a name written as a line of a page ("the guardian" → "The Guardian"), or null. */
export function knownOutletName(text: string): string | null {
  return KNOWN_NAMES.get(text.trim().toLowerCase()) ?? null;
}

/** The table's name for a host (or its parent domain), or null. */
export function knownOutlet(host: string | null): string | null {
  if (!host) return null;
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const name = KNOWN_OUTLETS[labels.slice(i).join('.')];
    if (name) return name;
  }
  return null;
}
