import { describe, expect, it } from 'vitest';
import { detectLanguage, normalizeLangTag, STOPWORD_LANGS, stopwordAt } from '../../electron/core/capture/lang.ts';

const SAMPLES: Record<string, string> = {
  en: 'Liz Truss has said it would be a strategic mistake for Russia to ramp up aggression against Ukraine. The Foreign Secretary said she was meeting her Ukrainian counterpart on Wednesday to offer closer co-operation when she was asked whether the UK could deploy more troops.',
  fr: 'Le gouvernement a annoncé mardi une série de mesures pour soutenir les ménages face à la hausse des prix. Selon le ministre, ces aides seront versées dès le mois prochain et elles concernent plus de dix millions de personnes dans tout le pays.',
  de: 'Die Bundesregierung hat am Dienstag neue Maßnahmen beschlossen, um die Haushalte bei den steigenden Preisen zu entlasten. Nach Angaben des Ministers sollen die Hilfen schon im nächsten Monat ausgezahlt werden und sie betreffen mehr als zehn Millionen Menschen.',
  es: 'El gobierno anunció el martes una serie de medidas para apoyar a los hogares ante la subida de los precios. Según el ministro, las ayudas se pagarán a partir del mes que viene y son para más de diez millones de personas en todo el país.',
  it: 'Il governo ha annunciato martedì una serie di misure per sostenere le famiglie di fronte all’aumento dei prezzi. Secondo il ministro, gli aiuti saranno versati già dal prossimo mese e riguardano più di dieci milioni di persone in tutto il paese.',
  pt: 'O governo anunciou na terça-feira uma série de medidas para apoiar as famílias diante da alta dos preços. Segundo o ministro, os auxílios serão pagos já no próximo mês e são para mais de dez milhões de pessoas em todo o país, com também outras ajudas.',
  nl: 'De regering heeft dinsdag een reeks maatregelen aangekondigd om de huishoudens te steunen bij de stijgende prijzen. Volgens de minister worden de hulpen al volgende maand uitbetaald en het gaat om meer dan tien miljoen mensen in het hele land.',
  sv: 'Regeringen meddelade på tisdagen en rad åtgärder för att stödja hushållen när priserna stiger. Enligt ministern ska stöden betalas ut redan nästa månad och det gäller mer än tio miljoner människor i hela landet, som också har fått hjälp tidigare.',
  da: 'Regeringen meddelte tirsdag en række tiltag for at støtte husholdningerne, når priserne stiger. Ifølge ministeren skal hjælpen udbetales allerede i næste måned, og det gælder mere end en million mennesker i hele landet, som også har fået hjælp af staten.',
  no: 'Regjeringen kunngjorde tirsdag en rekke tiltak for å støtte husholdningene når prisene stiger. Ifølge ministeren skal hjelpen betales ut allerede neste måned, og det gjelder mer enn en million mennesker i hele landet, som også har fått hjelp av staten etter krisen.',
  pl: 'Rząd ogłosił we wtorek szereg działań, które mają wesprzeć gospodarstwa domowe w obliczu rosnących cen. Według ministra pomoc zostanie wypłacona już w przyszłym miesiącu i jest dla ponad dziesięciu milionów ludzi w całym kraju, co jest także ważne.',
  cs: 'Vláda v úterý oznámila řadu opatření, která mají podpořit domácnosti při rostoucích cenách. Podle ministra bude pomoc vyplacena už příští měsíc a je určena pro více než deset milionů lidí v celé zemi, což je také podle něj velmi důležité.',
  tr: 've hükümet salı günü artan fiyatlar karşısında haneleri desteklemek için bir dizi önlem açıkladı. Bakana göre yardımlar daha gelecek ay ödenecek ve bu ülke genelinde on milyondan fazla kişiyi kapsıyor, ama bu çok yeni bir karar değil ve her şey daha sonra belli olacak.',
  ro: 'Guvernul a anunțat marți o serie de măsuri pentru a sprijini gospodăriile în fața creșterii prețurilor. Potrivit ministrului, ajutoarele vor fi plătite din luna viitoare și sunt pentru mai mult de zece milioane de oameni din toată țara, care au fost afectați.',
  fi: 'Hallitus ilmoitti tiistaina joukon toimia, joiden on tarkoitus tukea kotitalouksia hintojen noustessa. Ministerin mukaan tuet maksetaan jo ensi kuussa ja ne koskevat yli kymmentä miljoonaa ihmistä, mutta se ei ole vielä varmaa ja se on myös kallista kuin ennen.',
  hu: 'A kormány kedden egy sor intézkedést jelentett be, hogy a háztartásokat támogassa az emelkedő árak miatt. A miniszter szerint a támogatást már a következő hónapban kifizetik, és ez több mint tízmillió embert érint az egész országban, de ez még nem biztos, hogy így lesz.',
  id: 'Pemerintah pada hari Selasa mengumumkan serangkaian langkah untuk membantu rumah tangga yang menghadapi kenaikan harga. Menurut menteri, bantuan itu akan dibayarkan mulai bulan depan dan akan diterima oleh lebih dari sepuluh juta orang di seluruh negeri ini.',
};

describe('detectLanguage', () => {
  it.each(Object.entries(SAMPLES))('detects %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each([
    ['zh', '政府星期二宣布了一系列措施，以帮助家庭应对物价上涨。部长表示，补贴将从下个月开始发放。'],
    ['ja', '政府は火曜日、物価の上昇に対応するため、家計を支援する一連の措置を発表した。'],
    ['ko', '정부는 화요일 물가 상승에 대응해 가계를 지원하기 위한 일련의 조치를 발표했다.'],
    ['ar', 'أعلنت الحكومة يوم الثلاثاء عن سلسلة من الإجراءات لدعم الأسر في مواجهة ارتفاع الأسعار.'],
    ['fa', 'دولت روز سه شنبه مجموعه ای از اقدامات را برای کمک به خانواده ها در برابر افزایش قیمت ها اعلام کرد. گفت که پول پرداخت می‌شود.'],
    ['he', 'הממשלה הודיעה ביום שלישי על שורה של צעדים לתמיכה במשקי הבית מול עליית המחירים.'],
    ['el', 'Η κυβέρνηση ανακοίνωσε την Τρίτη μια σειρά μέτρων για τη στήριξη των νοικοκυριών.'],
    ['th', 'รัฐบาลประกาศมาตรการชุดหนึ่งเมื่อวันอังคารเพื่อช่วยเหลือครัวเรือน'],
    ['hi', 'सरकार ने मंगलवार को बढ़ती कीमतों के बीच परिवारों की मदद के लिए कई उपायों की घोषणा की।'],
    ['ru', 'Правительство во вторник объявило о ряде мер, которые должны поддержать семьи в условиях роста цен. Выплаты начнутся в следующем месяце.'],
    ['uk', 'Уряд у вівторок оголосив низку заходів, які мають підтримати родини в умовах зростання цін. Виплати почнуться вже наступного місяця, і їх отримає кожна сім’я.'],
    ['bg', 'Правителството обяви във вторник поредица от мерки, които трябва да подкрепят семействата в условията на растящи цени. Плащанията започват следващия месец.'],
  ])('detects %s by script', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('returns null for too little text', () => {
    expect(detectLanguage('The council voted on Tuesday.')).toBeNull();
    expect(detectLanguage('東京')).toBeNull();
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12 345 — 678')).toBeNull();
  });

  it('returns null without a clear winner', () => {
    const words = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor incididunt labore dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco laboris';
    expect(detectLanguage(words)).toBeNull();
  });
});

describe('normalizeLangTag', () => {
  it.each([
    ['en_GB', 'en-GB'],
    ['EN-us', 'en-US'],
    ['en', 'en'],
    [' fr-FR ', 'fr-FR'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['es-419', 'es-419'],
    ['de-DE-1996', 'de-DE-1996'],
  ])('%s → %s', (tag, expected) => {
    expect(normalizeLangTag(tag)).toBe(expected);
  });

  it.each([[null], [undefined], [''], ['english'], ['x'], ['en-'], ['en GB'], ['und'], ['*'], ['12']])(
    '%s → null',
    (tag) => {
      expect(normalizeLangTag(tag)).toBeNull();
    },
  );
});

describe('the stopword lookup', () => {
  it('finds what the map finds for the slice with ’ read as \' (every stopword, its edits, prefixes and extensions, generated words, inside a text)', () => {
    const byMap = (text: string, start: number, end: number) => STOPWORD_LANGS.get(text.slice(start, end).replace(/’/g, "'"));
    const words = new Set<string>();
    const letters = [...new Set([...STOPWORD_LANGS.keys()].join(''))];
    for (const w of STOPWORD_LANGS.keys()) {
      words.add(w);
      for (let i = 0; i <= w.length; i++) {
        words.add(w.slice(0, i));
        words.add(w.slice(i));
        for (const c of ["'", '’', 'x', 'é', 'ß'])
          words.add(w.slice(0, i) + c + w.slice(i)).add(w.slice(0, i) + c + w.slice(i + 1));
      }
    }
    let seed = 13;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let k = 0; k < 20_000; k++) words.add(Array.from({ length: 1 + (next() % 8) }, () => letters[next() % letters.length]).join(''));
    const differ: string[] = [];
    for (const w of words) {
      const text = `ab ${w} cd`;
      if (stopwordAt(text, 3, 3 + w.length) !== byMap(text, 3, 3 + w.length)) differ.push(w);
      if (stopwordAt(w, 0, w.length) !== byMap(w, 0, w.length)) differ.push(w);
    }
    expect(differ).toEqual([]);
    // What the detector looked up before: the word with ’ read as ' (no stopword has either).
    expect([...STOPWORD_LANGS.keys()].filter((w) => /['’]/.test(w))).toEqual([]);
  });
});
