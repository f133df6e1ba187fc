/**
 * Writes our own labelled pages, tests/fixtures/extraction-pages/<lang>-<slug>/page.html +
 * labels.json, from the articles in tests/bench/extraction-pages/articles.ts dressed in a
 * layout per `kind` (masthead, nav, cookie banner, share bar, related links, comments,
 * footer, with or without JSON-LD/meta), plus three special pages: a cookie banner and
 * a teaser only, and two different blogs whose only text is the same cookie banner.
 *
 *   node --import tsx tests/bench/make-extraction-pages.ts
 *
 * The labels are written from the same data as the page, so they are right by
 * construction; `must` are sentences of the article, `mustNot` the boilerplate the layout
 * added. Then run tests/bench/make-text-captures.ts for page.txt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTICLES, type Article, type Lang } from './extraction-pages/articles.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PAGES_DIR = path.resolve(HERE, '../fixtures/extraction-pages');

interface Words {
  by: string;
  and: string;
  months: string[];
  weekdays: string[];
  /** A visible date in the language's own form. */
  date: (y: number, m: number, d: number, wd: number) => string;
  published: string;
  updated: string;
  postedOn: string;
  /** "by" after a date: "Posted on 3 March 2022 by …". */
  postedBy: string;
  cookie: string;
  accept: string;
  nav: string[];
  related: string;
  relatedItems: string[];
  comments: string;
  comment: string;
  share: string;
  subscribe: string;
  paywall: string;
  rights: string;
  press: string;
  contact: string;
  reply: string;
  readMore: string;
}

const W: Record<Lang, Words> = {
  en: {
    by: 'By', and: 'and', postedBy: 'by',
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    date: (y, m, d) => `${d} ${W.en.months[m - 1]} ${y}`,
    published: 'Published:', updated: 'Updated', postedOn: 'Posted on',
    cookie: 'We use cookies to give you the best experience on our website. By continuing to browse you agree to our use of cookies.', accept: 'Accept all cookies',
    nav: ['Home', 'News', 'Politics', 'Business', 'Sport', 'Culture', 'Opinion'],
    related: 'Related stories', relatedItems: ['Ten walks to take before the clocks go back', 'Council tax to rise by five percent next year', 'Readers share their favourite local bakeries'],
    comments: 'Comments', comment: 'Great article, I have been saying this for years and nobody listens.', share: 'Share this article',
    subscribe: 'Subscribe to our newsletter for the top stories every morning', paywall: 'The rest of this article is for subscribers only. Subscribe now from 1 pound for the first month.',
    rights: 'All rights reserved.', press: 'Press release', contact: 'Press office: press@council.example, telephone 01234 567890', reply: 'Reply', readMore: 'Read more',
  },
  de: {
    by: 'Von', and: 'und', postedBy: 'von',
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
    date: (y, m, d) => `${d}. ${W.de.months[m - 1]} ${y}`,
    published: 'Veröffentlicht am', updated: 'Aktualisiert am', postedOn: 'Veröffentlicht am',
    cookie: 'Wir verwenden Cookies, um Ihnen das beste Nutzungserlebnis zu bieten. Mit der weiteren Nutzung stimmen Sie der Verwendung zu.', accept: 'Alle akzeptieren',
    nav: ['Startseite', 'Politik', 'Wirtschaft', 'Sport', 'Kultur', 'Region', 'Meinung'],
    related: 'Das könnte Sie auch interessieren', relatedItems: ['Zehn Ausflugsziele für den Herbst', 'Grundsteuer steigt im nächsten Jahr', 'Leser verraten ihre Lieblingsbäckerei'],
    comments: 'Kommentare', comment: 'Toller Artikel, das sage ich schon seit Jahren und keiner hört zu.', share: 'Artikel teilen',
    subscribe: 'Abonnieren Sie unseren Newsletter mit den wichtigsten Nachrichten am Morgen', paywall: 'Lesen Sie jetzt weiter mit unserem Plus-Abo: den ersten Monat für nur 99 Cent.',
    rights: 'Alle Rechte vorbehalten.', press: 'Pressemitteilung', contact: 'Pressestelle: presse@ministerium.example, Telefon 0123 456789', reply: 'Antworten', readMore: 'Weiterlesen',
  },
  fr: {
    by: 'Par', and: 'et', postedBy: 'par',
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
    date: (y, m, d) => `${d} ${W.fr.months[m - 1]} ${y}`,
    published: 'Publié le', updated: 'Mis à jour le', postedOn: 'Publié le',
    cookie: 'Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre navigation, vous acceptez leur utilisation.', accept: 'Tout accepter',
    nav: ['Accueil', 'Politique', 'Économie', 'Sport', 'Culture', 'Région', 'Opinions'],
    related: 'À lire aussi', relatedItems: ['Dix balades à faire avant l’hiver', 'La taxe foncière augmentera l’an prochain', 'Nos lecteurs racontent leur boulangerie préférée'],
    comments: 'Commentaires', comment: 'Excellent article, je le dis depuis des années et personne n’écoute.', share: 'Partager l’article',
    subscribe: 'Inscrivez-vous à notre lettre d’information pour recevoir l’essentiel chaque matin', paywall: 'La suite de cet article est réservée aux abonnés. Abonnez-vous dès 1 euro le premier mois.',
    rights: 'Tous droits réservés.', press: 'Communiqué de presse', contact: 'Contact presse : presse@prefecture.example, téléphone 01 23 45 67 89', reply: 'Répondre', readMore: 'Lire la suite',
  },
  es: {
    by: 'Por', and: 'y', postedBy: 'por',
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    weekdays: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
    date: (y, m, d) => `${d} de ${W.es.months[m - 1]} de ${y}`,
    published: 'Publicado el', updated: 'Actualizado el', postedOn: 'Publicado el',
    cookie: 'Utilizamos cookies propias y de terceros para mejorar tu experiencia. Si continúas navegando, aceptas su uso.', accept: 'Aceptar todas',
    nav: ['Portada', 'Política', 'Economía', 'Deportes', 'Cultura', 'Región', 'Opinión'],
    related: 'Te puede interesar', relatedItems: ['Diez rutas para hacer antes del invierno', 'El IBI subirá el próximo año', 'Los lectores eligen su panadería favorita'],
    comments: 'Comentarios', comment: 'Gran artículo, llevo años diciéndolo y nadie escucha.', share: 'Compartir la noticia',
    subscribe: 'Suscríbete a nuestro boletín y recibe las noticias más importantes cada mañana', paywall: 'El resto de este artículo es solo para suscriptores. Suscríbete desde 1 euro el primer mes.',
    rights: 'Todos los derechos reservados.', press: 'Nota de prensa', contact: 'Gabinete de prensa: prensa@ayuntamiento.example, teléfono 983 000 000', reply: 'Responder', readMore: 'Leer más',
  },
  it: {
    by: 'Di', and: 'e', postedBy: 'di',
    months: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
    weekdays: ['domenica', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato'],
    date: (y, m, d) => `${d} ${W.it.months[m - 1]} ${y}`,
    published: 'Pubblicato il', updated: 'Aggiornato il', postedOn: 'Pubblicato il',
    cookie: 'Questo sito utilizza cookie tecnici e di profilazione. Continuando la navigazione accetti l’uso dei cookie.', accept: 'Accetta tutti',
    nav: ['Home', 'Politica', 'Economia', 'Sport', 'Cultura', 'Cronaca', 'Opinioni'],
    related: 'Leggi anche', relatedItems: ['Dieci passeggiate da fare prima dell’inverno', 'L’Imu aumenterà il prossimo anno', 'I lettori scelgono il loro forno preferito'],
    comments: 'Commenti', comment: 'Ottimo articolo, lo dico da anni e nessuno ascolta.', share: 'Condividi l’articolo',
    subscribe: 'Iscriviti alla nostra newsletter per ricevere le notizie principali ogni mattina', paywall: 'Il resto dell’articolo è riservato agli abbonati. Abbonati da 1 euro il primo mese.',
    rights: 'Tutti i diritti riservati.', press: 'Comunicato stampa', contact: 'Ufficio stampa: stampa@regione.example, telefono 055 000000', reply: 'Rispondi', readMore: 'Leggi di più',
  },
  nl: {
    by: 'Door', and: 'en', postedBy: 'door',
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    weekdays: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
    date: (y, m, d) => `${d} ${W.nl.months[m - 1]} ${y}`,
    published: 'Gepubliceerd op', updated: 'Bijgewerkt op', postedOn: 'Geplaatst op',
    cookie: 'Wij gebruiken cookies om je de beste ervaring op onze website te bieden. Door verder te surfen ga je hiermee akkoord.', accept: 'Alles accepteren',
    nav: ['Home', 'Politiek', 'Economie', 'Sport', 'Cultuur', 'Regio', 'Opinie'],
    related: 'Lees ook', relatedItems: ['Tien wandelingen voor de herfst', 'Gemeentelijke belastingen stijgen volgend jaar', 'Lezers kiezen hun favoriete bakker'],
    comments: 'Reacties', comment: 'Goed artikel, ik zeg dit al jaren en niemand luistert.', share: 'Deel dit artikel',
    subscribe: 'Schrijf je in voor onze nieuwsbrief met elke ochtend het belangrijkste nieuws', paywall: 'De rest van dit artikel is alleen voor abonnees. Neem nu een abonnement vanaf 1 euro per maand.',
    rights: 'Alle rechten voorbehouden.', press: 'Persbericht', contact: 'Persvoorlichting: pers@gemeente.example, telefoon 0570 000000', reply: 'Reageer', readMore: 'Lees meer',
  },
  pl: {
    by: 'Autorzy:', and: 'i', postedBy: 'autor:',
    months: ['stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września', 'października', 'listopada', 'grudnia'],
    weekdays: ['niedziela', 'poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota'],
    date: (y, m, d, wd) => `${W.pl.weekdays[wd]}, ${d} ${W.pl.months[m - 1]} ${y}`,
    published: 'Opublikowano:', updated: 'Aktualizacja:', postedOn: 'Dodano:',
    cookie: 'Używamy plików cookies, aby zapewnić najlepszą jakość korzystania z serwisu. Dalsze korzystanie oznacza zgodę na ich użycie.', accept: 'Akceptuję wszystkie',
    nav: ['Strona główna', 'Polityka', 'Gospodarka', 'Sport', 'Kultura', 'Region', 'Opinie'],
    related: 'Zobacz także', relatedItems: ['Dziesięć spacerów na jesień', 'Podatek od nieruchomości wzrośnie w przyszłym roku', 'Czytelnicy wybierają ulubioną piekarnię'],
    comments: 'Komentarze', comment: 'Świetny artykuł, mówię to od lat i nikt nie słucha.', share: 'Udostępnij artykuł',
    subscribe: 'Zapisz się do naszego newslettera i otrzymuj najważniejsze wiadomości każdego ranka', paywall: 'Dalsza część artykułu dostępna jest dla prenumeratorów. Wykup dostęp już od 1 złotego.',
    rights: 'Wszelkie prawa zastrzeżone.', press: 'Komunikat prasowy', contact: 'Biuro prasowe: prasa@um.example, telefon 81 000 00 00', reply: 'Odpowiedz', readMore: 'Czytaj dalej',
  },
  pt: {
    by: 'Por', and: 'e', postedBy: 'por',
    months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
    weekdays: ['domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'],
    date: (y, m, d) => `${d} de ${W.pt.months[m - 1]} de ${y}`,
    published: 'Publicado em', updated: 'Atualizado em', postedOn: 'Publicado em',
    cookie: 'Este site utiliza cookies para melhorar a sua experiência. Ao continuar a navegar, aceita a sua utilização.', accept: 'Aceitar todos',
    nav: ['Início', 'Política', 'Economia', 'Desporto', 'Cultura', 'Região', 'Opinião'],
    related: 'Leia também', relatedItems: ['Dez passeios para fazer antes do inverno', 'O IMI vai subir no próximo ano', 'Os leitores escolhem a sua padaria preferida'],
    comments: 'Comentários', comment: 'Excelente artigo, digo isto há anos e ninguém ouve.', share: 'Partilhar o artigo',
    subscribe: 'Subscreva a nossa newsletter e receba as principais notícias todas as manhãs', paywall: 'O resto deste artigo é exclusivo para assinantes. Assine já a partir de 1 euro no primeiro mês.',
    rights: 'Todos os direitos reservados.', press: 'Comunicado de imprensa', contact: 'Gabinete de imprensa: imprensa@camara.example, telefone 214 000 000', reply: 'Responder', readMore: 'Ler mais',
  },
};

export interface PageLabels {
  title: string;
  outlet: string | null;
  authors: string[];
  agency: string | null;
  published: string | null;
  modified: string | null;
  language: string;
  url: string;
  must: string[];
  mustNot: string[];
  expect: 'stored' | 'uncertain';
  note?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function parts(iso: string): { y: number; m: number; d: number; wd: number } {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d, wd: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

function visibleDate(a: Article, iso: string): string {
  const { y, m, d, wd } = parts(iso);
  if (a.usDate) return `${m}/${d}/${y} 7:11 AM PST`;
  return W[a.lang].date(y, m, d, wd);
}

function names(a: Article): string {
  const w = W[a.lang];
  if (a.byline) return a.byline;
  const list = a.authors.length > 1 ? `${a.authors.slice(0, -1).join(', ')} ${w.and} ${a.authors.at(-1)}` : a.authors[0]!;
  return `${w.by} ${list}`;
}

/** A paragraph as a snippet: without its dateline ("LONDON (PA) – ", "DENVER — "), which may leave the body. */
function snippet(p: string): string {
  return p.replace(/^[A-ZÀ-Ž ]+\([A-Za-z]+\) [–—-] /, '').replace(/^[A-ZÀ-Ž]+ — /, '');
}

function bodyHtml(a: Article): string {
  const out: string[] = [];
  a.paras.forEach((p, i) => {
    out.push(`<p>${esc(p)}</p>`);
    if (i === 1 && a.quote) out.push(`<blockquote><p>${esc(a.quote)}</p></blockquote>`);
    if (i === 1 && a.items && a.kind === 'feature') out.push(`<h2>${esc(a.headline.split(' ').slice(0, 3).join(' '))} …</h2>`);
  });
  if (a.items) out.splice(out.length - 1, 0, `<ul>${a.items.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  if (a.kind === 'feature') {
    out.push(`<table><caption>${esc(a.outlet)}</caption><tbody>${a.items!.map((x, i) => `<tr><td>${i + 1}</td><td>${esc(x)}</td></tr>`).join('')}</tbody></table>`);
  }
  return out.join('\n');
}

function urlOf(a: Article): string {
  const { y, m, d } = parts(a.published);
  const date = `${y}/${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}`;
  return a.kind === 'wire' || a.kind === 'news' ? `https://www.${a.domain}/${date}/${a.slug}/` : `https://${a.domain}/${a.slug}.html`;
}

function cookieBanner(lang: Lang): string {
  const w = W[lang];
  return `<div id="cookie-consent" class="cookie-banner" role="dialog"><p>${esc(w.cookie)}</p><button>${esc(w.accept)}</button></div>`;
}

function masthead(a: Article): string {
  const w = W[a.lang];
  return `<header class="site-header"><a class="logo" href="/"><img src="data:," alt="${esc(a.outlet)}"></a><nav class="main-nav"><ul>${w.nav.map((n) => `<li><a href="/${n.toLowerCase()}">${esc(n)}</a></li>`).join('')}</ul></nav></header>`;
}

function related(a: Article): string {
  const w = W[a.lang];
  return `<aside class="related"><h3>${esc(w.related)}</h3><ul>${w.relatedItems.map((r) => `<li><a href="/r">${esc(r)}</a></li>`).join('')}</ul></aside>`;
}

function footer(a: Article): string {
  const { y } = parts(a.published);
  return `<footer class="site-footer"><p>© ${y} ${esc(a.outlet)}. ${esc(W[a.lang].rights)}</p><ul><li><a href="/impressum">Impressum</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>`;
}

function jsonLd(a: Article): string {
  const ld = {
    '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.headline, datePublished: `${a.published}T08:30:00+01:00`,
    ...(a.modified ? { dateModified: `${a.modified}T10:00:00+01:00` } : {}),
    author: a.authors.map((n) => ({ '@type': 'Person', name: n })), publisher: { '@type': 'Organization', name: a.outlet }, inLanguage: a.lang,
  };
  return `<script type="application/ld+json">${JSON.stringify(ld)}</script>`;
}

function page(a: Article): { html: string; mustNot: string[] } {
  const w = W[a.lang];
  const url = urlOf(a);
  const pub = visibleDate(a, a.published);
  const mustNot: string[] = [];
  let head = `<meta charset="utf-8">`;
  let title = `${a.headline} | ${a.outlet}`;
  let main = '';
  const byline = a.authors.length ? names(a) : '';
  switch (a.kind) {
    case 'news': {
      head += `<link rel="canonical" href="${url}"><meta property="og:title" content="${esc(a.headline)}"><meta property="og:site_name" content="${esc(a.outlet)}"><meta property="og:url" content="${url}">${jsonLd(a)}`;
      main = `${masthead(a)}${cookieBanner(a.lang)}<main><article><h1>${esc(a.headline)}</h1>
<div class="byline"><span class="author">${esc(byline)}</span> <time datetime="${a.published}T08:30:00+01:00">${esc(w.weekdays[parts(a.published).wd]!)}, ${esc(pub)}</time>${a.modified ? ` <span class="updated">${esc(w.updated)} ${esc(visibleDate(a, a.modified))}</span>` : ''}</div>
<div class="share-bar">${esc(w.share)}: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">E-Mail</a></div>
<div class="article-body">${bodyHtml(a)}</div>
</article>${related(a)}<section class="comments"><h3>${esc(w.comments)}</h3><div class="comment"><b>reader42</b><p>${esc(w.comment)}</p><a href="#">${esc(w.reply)}</a></div></section><div class="newsletter">${esc(w.subscribe)}</div></main>${footer(a)}`;
      mustNot.push(w.cookie, w.relatedItems[0]!, w.comment, w.subscribe);
      break;
    }
    case 'plain': {
      title = `${a.outlet} – ${a.headline}`;
      main = `${masthead(a)}<div class="content"><h1>${esc(a.headline)}</h1><p class="meta">${esc(byline)}<br>${esc(w.published)} ${esc(pub)}</p>
${bodyHtml(a)}
<p class="tags">Tags: ${esc(w.nav[1]!)}, ${esc(w.nav[5]!)}</p></div>${related(a)}${footer(a)}`;
      mustNot.push(w.relatedItems[1]!);
      break;
    }
    case 'blog': {
      title = `${a.headline} – ${a.outlet}`;
      head += `<meta property="og:site_name" content="${esc(a.outlet)}"><meta name="author" content="${esc(a.authors[0]!)}">`;
      main = `<div id="page"><header><p class="site-title"><a href="/">${esc(a.outlet)}</a></p><p class="tagline">${esc(w.nav[4]!)} · ${esc(w.nav[0]!)}</p></header>
<div id="primary"><article class="post"><h1 class="entry-title">${esc(a.headline)}</h1><p class="entry-meta">${esc(w.postedOn)} <a href="#"><time class="entry-date" datetime="${a.published}">${esc(pub)}</time></a> ${esc(w.postedBy)} <a rel="author" href="/author/">${esc(a.authors[0]!)}</a></p>
<div class="entry-content">${bodyHtml(a)}</div>
<div class="sharedaddy">${esc(w.share)}</div></article>
<div id="comments"><h3>2 ${esc(w.comments)}</h3><ol><li><p>${esc(w.comment)}</p></li></ol></div></div>
<aside id="secondary"><h3>Archiv</h3><ul><li>${esc(W[a.lang].months[0]!)} 2019</li><li>${esc(W[a.lang].months[1]!)} 2019</li></ul><h3>${esc(w.related)}</h3><ul><li>${esc(w.relatedItems[2]!)}</li></ul></aside>
<footer><p>Powered by WordPress · ${esc(a.outlet)}</p></footer></div>`;
      mustNot.push(w.comment, w.relatedItems[2]!);
      break;
    }
    case 'press': {
      title = `${w.press}: ${a.headline} - ${a.outlet}`;
      head += `<meta name="description" content="${esc(snippet(a.paras[0]!))}">`;
      main = `<div class="govbar">${esc(a.outlet)}</div>${masthead(a)}<nav class="breadcrumb"><a href="/">${esc(w.nav[0]!)}</a> › <a href="/presse">${esc(w.press)}</a></nav>
<main><p class="kicker">${esc(w.press)} · ${esc(pub)}</p><h1>${esc(a.headline)}</h1>
${bodyHtml(a)}
<div class="contact-box"><p>${esc(w.contact)}</p></div></main>${footer(a)}`;
      mustNot.push(w.contact);
      break;
    }
    case 'feature': {
      head += `<meta property="og:title" content="${esc(a.headline)}"><meta property="article:published_time" content="${a.published}T06:00:00Z">`;
      main = `${masthead(a)}${cookieBanner(a.lang)}<article class="feature"><p class="section">${esc(w.nav[4]!)}</p><h1>${esc(a.headline)}</h1><p class="byline">${esc(byline)}</p><p class="dateline">${esc(pub)}</p><figure><img src="data:," alt=""><figcaption>Foto: ${esc(a.authors[0]!)}</figcaption></figure>
${bodyHtml(a)}
</article>${related(a)}<div class="newsletter">${esc(w.subscribe)}</div>${footer(a)}`;
      mustNot.push(w.cookie, w.relatedItems[0]!, w.subscribe);
      break;
    }
    case 'forum': {
      title = `${a.headline} - ${a.outlet}`;
      main = `<div id="forum-header"><h2>${esc(a.outlet)}</h2><ul class="forum-nav"><li>Index</li><li>FAQ</li><li>Login</li><li>Register</li></ul></div>
<h1 class="topic-title">${esc(a.headline)}</h1>
<div class="post" id="p1"><div class="postprofile"><b>velo_mech</b><br>Posts: 1432</div><div class="postbody"><p class="author">${esc(w.postedOn)} ${esc(pub)}</p>${a.paras.map((p) => `<p>${esc(p)}</p>`).join('')}<div class="signature">-- ride more, worry less --</div></div></div>
<div class="post" id="p2"><div class="postprofile"><b>grease_monkey</b></div><div class="postbody"><p>${esc(w.comment)}</p></div></div>
<div class="forum-footer">${esc(w.reply)} · ${esc(a.outlet)} · phpBB</div>`;
      mustNot.push('ride more, worry less', w.comment);
      break;
    }
    case 'teaser': {
      head += `<meta property="og:title" content="${esc(a.headline)}"><meta property="og:site_name" content="${esc(a.outlet)}">`;
      main = `${cookieBanner(a.lang)}${masthead(a)}<main><article><span class="plus-badge">Plus</span><h1>${esc(a.headline)}</h1><p class="byline">${esc(byline)} · ${esc(pub)}</p>
<p class="teaser"><strong>${esc(a.paras[0]!)}</strong></p><p>${esc(a.paras[1]!)}</p>
<div class="paywall"><p>${esc(w.paywall)}</p><a class="button" href="/abo">${esc(w.readMore)}</a></div></article>${related(a)}</main>${footer(a)}`;
      mustNot.push(w.paywall, w.cookie, w.relatedItems[0]!);
      break;
    }
    case 'wire': {
      head += `<link rel="canonical" href="${url}"><meta property="og:url" content="${url}">`;
      main = `${masthead(a)}<div class="ticker">+++ ${esc(w.relatedItems[1]!)} +++</div><main><h1>${esc(a.headline)}</h1><p class="source">${esc(pub)} · ${esc(a.agency!)}</p>
${bodyHtml(a)}
<p class="credit">(${esc(a.agency!)})</p></main>${related(a)}${footer(a)}`;
      mustNot.push(w.relatedItems[0]!);
      break;
    }
  }
  let html = `<!DOCTYPE html>\n<html lang="${a.lang}">\n<head>${head}<title>${esc(title)}</title></head>\n<body>\n${main}\n</body>\n</html>\n`;
  if (a.malformed === 'stray') html = html.replace('</head>\n<body>', '</head>\n<div class="gdpr-preload"></div>\n<body>');
  if (a.malformed === 'two-html') html = html.replace('<body>', `<html lang="${a.lang}"><body>`);
  return { html, mustNot };
}

function labelsOf(a: Article, mustNot: string[]): PageLabels {
  const must = [snippet(a.paras[0]!), snippet(a.paras[1]!)];
  if (a.kind !== 'teaser') must.push(snippet(a.paras.at(-1)!));
  if (a.items) must.push(a.items[1]!);
  if (a.quote && (a.kind === 'news' || a.kind === 'feature')) must.push(a.quote);
  return {
    title: a.headline, outlet: a.outlet, authors: a.authors, agency: a.agency ?? null, published: a.published, modified: a.modified ?? null,
    language: a.lang, url: urlOf(a), must, mustNot, expect: 'stored',
  };
}

/** The special pages: a cookie banner + teaser only, and two blogs showing only the same cookie banner. */
function specials(): Array<{ dir: string; html: string; labels: PageLabels }> {
  const cookie = W.en.cookie;
  const cookieOnly = (blog: string, headline: string, slug: string, date: string): { dir: string; html: string; labels: PageLabels } => ({
    dir: `en-cookie-only-${slug}`,
    html: `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${esc(headline)} – ${esc(blog)}</title><link rel="canonical" href="https://${slug}.example/${date.replace(/-/g, '/')}/post/"></head>\n<body>\n<div id="app" data-post="${slug}"></div><noscript>Please enable JavaScript.</noscript><div class="cookie-banner"><p>${esc(cookie)}</p><button>${esc(W.en.accept)}</button></div>\n</body>\n</html>\n`,
    labels: {
      title: headline, outlet: blog, authors: [], agency: null, published: null, modified: null, language: 'en', url: `https://${slug}.example/${date.replace(/-/g, '/')}/post/`,
      must: [], mustNot: [], expect: 'uncertain',
      note: 'the post is rendered by script; the only text is the cookie banner. Two different blogs like this must both be stored (no false duplicate), flagged uncertain.',
    },
  });
  const teaser = W.en;
  return [
    cookieOnly('Mountain Miles', 'Crossing the Pyrenees on foot', 'mountainmiles', '2021-08-02'),
    cookieOnly('The Knitting Corner', 'A scarf for every season', 'knittingcorner', '2022-01-15'),
    {
      dir: 'en-cookie-and-teaser',
      html: `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Bypass plan back on the table | Borough Herald</title></head>\n<body>\n<div class="cookie-banner"><p>${esc(teaser.cookie)}</p><button>${esc(teaser.accept)}</button></div><h1>Bypass plan back on the table</h1><p>Councillors will vote next month on reviving the eastern bypass that was shelved in 2019.</p><div class="paywall">${esc(teaser.paywall)}</div>\n</body>\n</html>\n`,
      labels: {
        title: 'Bypass plan back on the table', outlet: 'Borough Herald', authors: [], agency: null, published: null, modified: null, language: 'en', url: 'https://boroughherald.example/news/bypass-plan',
        must: ['Councillors will vote next month on reviving the eastern bypass that was shelved in 2019.'], mustNot: [teaser.paywall], expect: 'uncertain',
        note: 'only a cookie banner and a one-sentence teaser: must be stored, not refused',
      },
    },
  ];
}

export function buildPages(): Array<{ dir: string; html: string; labels: PageLabels }> {
  const out = ARTICLES.map((a) => {
    const { html, mustNot } = page(a);
    return { dir: `${a.lang}-${a.slug}`, html, labels: labelsOf(a, mustNot) };
  });
  return [...out, ...specials()];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = buildPages();
  for (const p of pages) {
    const dir = path.join(PAGES_DIR, p.dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'page.html'), p.html);
    writeFileSync(path.join(dir, 'labels.json'), `${JSON.stringify(p.labels, null, 2)}\n`);
  }
  console.log(`wrote ${pages.length} pages under ${path.relative(process.cwd(), PAGES_DIR)}`);
}
