/**
 * The articles of our own labelled pages (tests/fixtures/extraction-pages/): text we wrote,
 * in eight languages. tests/bench/make-extraction-pages.ts dresses each one in a page
 * layout (`kind`) and writes page.html + labels.json. The facts are invented.
 */
export type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pl' | 'pt';

/**
 * Layouts: news (full news site with JSON-LD), plain (news page without meta tags),
 * blog, press (public body's press release), feature (magazine feature with headings,
 * list, table, quote), forum (first post of a thread), teaser (regional paper: teaser +
 * paywall box), wire (agency story on a portal, dateline in the body, date in the URL).
 */
export type Kind = 'news' | 'plain' | 'blog' | 'press' | 'feature' | 'forum' | 'teaser' | 'wire';

export interface Article {
  lang: Lang;
  kind: Kind;
  slug: string;
  headline: string;
  outlet: string;
  domain: string;
  authors: string[];
  /** How the byline shows the authors, when not the language's plain "By X and Y". */
  byline?: string;
  agency?: string;
  /** YYYY-MM-DD */
  published: string;
  modified?: string;
  /** Paragraphs; the first may open with a dateline. */
  paras: string[];
  items?: string[];
  quote?: string;
  /** Parsing traps: a stray element between </head> and <body>, or two <html> tags. */
  malformed?: 'stray' | 'two-html';
  /** Show the date in US numeric form with a time ("2/26/2015 7:11 AM PST"). */
  usDate?: boolean;
}

export const ARTICLES: Article[] = [
  // ------------------------------------------------------------------ English
  {
    lang: 'en', kind: 'news', slug: 'zurich-cafes', headline: 'Café owners in Zürich – a survey', outlet: 'Daily Ledger', domain: 'dailyledger.example',
    authors: ['Ana Souza', 'Tom Brennan'], byline: 'By ANA SOUZA and TOM BRENNAN, Education Correspondents', published: '2022-03-03', modified: '2022-03-04',
    paras: [
      'Nearly two thirds of the café owners we asked in Zürich say their rent has risen faster than their takings since the pandemic.',
      'The survey reached 212 owners in the old town and the districts along the river, most of them running a single shop with fewer than ten staff.',
      'Several owners told us they now close on Mondays because the early week no longer pays for the heating and the wages.',
      'The city council is expected to discuss a temporary rent cap for small food businesses before the summer recess.',
    ],
    quote: 'We are not asking for charity, only for a rent that a coffee can pay.',
  },
  {
    lang: 'en', kind: 'plain', slug: 'tmz-style-bus-crash', headline: 'Tour bus slides off icy mountain road, nine hurt', outlet: 'Valley Courier', domain: 'valleycourier.example',
    authors: ['Rick Delgado'], published: '2015-02-26', usDate: true, malformed: 'stray',
    paras: [
      'DENVER — A tour bus carrying 31 skiers slid off an icy stretch of mountain road west of the city early Thursday, injuring nine passengers.',
      'The driver told state troopers that the bus lost its grip on a bend where the snowplough had not yet passed.',
      'Two of the injured were flown to a hospital in Denver with broken bones; the others were treated at the scene and taken to a lodge.',
      'The road was closed for five hours while a crane lifted the bus back onto the carriageway.',
    ],
  },
  {
    lang: 'en', kind: 'blog', slug: 'sourdough-winter', headline: 'Why my sourdough sulks in winter', outlet: 'Crumb & Crust', domain: 'crumbandcrust.example',
    authors: ['Hannah Pike'], published: '2021-01-17',
    paras: [
      'Every January my starter goes quiet and every January I forget that the kitchen is five degrees colder than in September.',
      'Yeast and bacteria slow down a lot below twenty degrees, so the same schedule that worked in autumn leaves the dough dense and sour.',
      'This year I moved the jar to the top of the fridge, where the compressor keeps it warm, and fed it with slightly warmer water.',
      'Within a week the rise was back to doubling in six hours, and the loaves opened properly along the score again.',
    ],
    items: ['Feed with water at about 28 degrees.', 'Keep the jar somewhere warm but not hot.', 'Give the bulk ferment an extra hour.'],
  },
  {
    lang: 'en', kind: 'press', slug: 'council-flood-defences', headline: 'Council approves new flood defences for Riverside ward', outlet: 'Northbridge City Council', domain: 'northbridge.gov.example',
    authors: [], published: '2023-10-11',
    paras: [
      'Northbridge City Council has approved a 4.2 million pound scheme to raise the flood walls along the Riverside ward by up to sixty centimetres.',
      'The work will begin in the spring and is planned to last eighteen months, with the towpath kept open on at least one bank throughout.',
      'Residents can see the plans at the Riverside library and comment on the design of the new footbridge until the end of November.',
    ],
  },
  {
    lang: 'en', kind: 'feature', slug: 'lighthouse-keepers', headline: 'The last lighthouse keepers', outlet: 'Harbour Review', domain: 'harbourreview.example',
    authors: ['Moira Grant'], published: '2020-08-09',
    paras: [
      'When the light on Skerry Head was automated in 1998, Alasdair Ross stayed on for another year to show the engineers where the damp got in.',
      'He still keeps the logbooks in a tin trunk in his kitchen, with the weather written down every four hours for twenty-six years.',
      'Keepers were chosen for their patience more than their seamanship, he says, because the work was mostly waiting and cleaning brass.',
      'The lighthouse is now a holiday let, and the guests sometimes knock on his door to ask about the ghost.',
    ],
    items: ['Wind the clockwork every two hours.', 'Polish the lens at dawn.', 'Write the weather in the log.'],
    quote: 'You did not keep the light for the ships you saw. You kept it for the ones you never would.',
  },
  {
    lang: 'en', kind: 'forum', slug: 'bike-chain-forum', headline: 'Chain keeps skipping on the smallest cog after a new cassette', outlet: 'Spoke Talk Forum', domain: 'spoketalk.example',
    authors: [], published: '2019-06-02',
    paras: [
      'I fitted a new eleven-speed cassette last week and since then the chain jumps every few turns when I ride on the smallest cog.',
      'The chain itself is about two thousand kilometres old and measures just under half a percent of wear on my checker.',
      'Indexing looks fine on the other cogs, so I suspect the old chain and the new small cog simply do not mesh any more.',
    ],
  },
  {
    lang: 'en', kind: 'teaser', slug: 'harbour-ferry-teaser', headline: 'Ferry to the islands will stop twice a day from May', outlet: 'The Coastal Gazette', domain: 'coastalgazette.example',
    authors: ['Iain MacLeod'], published: '2024-03-19',
    paras: [
      'The island ferry will call at the harbour only twice a day from the first of May, the operator confirmed on Tuesday evening.',
      'Shopkeepers on the quay fear that day visitors will no longer come over for lunch if the last boat back leaves at three.',
    ],
  },
  {
    lang: 'en', kind: 'wire', slug: 'pa-rail-strike', headline: 'Rail workers vote for further strikes over pay', outlet: 'Northern Echo Online', domain: 'northernechoonline.example',
    authors: [], agency: 'PA', published: '2023-02-07',
    paras: [
      'LONDON (PA) – Rail workers have voted for a further six months of strike action in the long-running dispute over pay and conditions.',
      'The union said nine in ten members who took part backed the mandate, on a turnout of just over seventy percent.',
      'Train operators said they remained open to talks and urged the union to put the latest offer to its members.',
    ],
  },
  {
    lang: 'en', kind: 'news', slug: 'library-late-fees', headline: 'Libraries scrap late fees and see books come home', outlet: 'The Morning Standard', domain: 'morningstandard.example',
    authors: ['Priya Natarajan'], published: '2022-09-14',
    paras: [
      'Public libraries that stopped charging late fees last year have seen more books returned, not fewer, according to figures released this week.',
      'Across the county, overdue loans fell by a fifth after the fines were abolished, and lapsed members started borrowing again.',
      'Librarians say the fees mostly kept away the readers who could least afford them, while bringing in little money.',
    ],
  },

  // ------------------------------------------------------------------ German
  {
    lang: 'de', kind: 'news', slug: 'radwege-leipzig', headline: 'Leipzig baut zwölf Kilometer neue Radwege', outlet: 'Leipziger Tagesbote', domain: 'tagesbote-leipzig.example',
    authors: ['Anna Schmidt', 'Jörg Weber'], published: '2012-05-31', modified: '2012-06-01',
    paras: [
      'Die Stadt Leipzig will bis zum Herbst zwölf Kilometer neue Radwege bauen und dafür vor allem Parkplätze am Straßenrand umwidmen.',
      'Der Stadtrat hat den Plan am Mittwochabend mit deutlicher Mehrheit beschlossen, nachdem die Anwohner zwei Jahre lang darüber gestritten hatten.',
      'Händler in der Innenstadt befürchten weniger Kundschaft, während der Fahrradclub von einem überfälligen Schritt spricht.',
      'Die ersten Abschnitte sollen schon im Juli an der Karl-Liebknecht-Straße markiert werden.',
    ],
    quote: 'Wer sicher Rad fahren kann, lässt das Auto öfter stehen.',
  },
  {
    lang: 'de', kind: 'plain', slug: 'bienen-dach', headline: 'Bienenstöcke auf dem Rathausdach', outlet: 'Kreisblatt Nordheide', domain: 'kreisblatt-nordheide.example',
    authors: ['Sabine Krüger'], published: '2021-06-15',
    paras: [
      'Auf dem Dach des Rathauses summen seit dem Frühjahr vier Bienenvölker, die ein pensionierter Lehrer aus dem Ort betreut.',
      'Der erste Honig wurde am Samstag auf dem Wochenmarkt verkauft und war nach einer knappen Stunde vergriffen.',
      'Die Gemeinde überlegt nun, auch auf dem Dach der Grundschule Platz für zwei weitere Völker zu schaffen.',
    ],
  },
  {
    lang: 'de', kind: 'blog', slug: 'balkon-tomaten', headline: 'Tomaten auf dem Balkon: meine Bilanz nach drei Jahren', outlet: 'Grüner Daumen Blog', domain: 'gruener-daumen.example',
    authors: ['Lena Hofmann'], published: '2020-09-03', malformed: 'two-html',
    paras: [
      'Drei Sommer lang habe ich auf unserem Südbalkon Tomaten gezogen, und jedes Jahr habe ich etwas anderes falsch gemacht.',
      'Im ersten Jahr waren die Töpfe zu klein, im zweiten habe ich zu spät ausgegeizt, und erst im dritten Jahr hat die Ernte wirklich gestimmt.',
      'Am besten haben sich kleine Cocktailtomaten geschlagen, die auch einen verregneten August ohne Braunfäule überstanden haben.',
    ],
    items: ['Töpfe mit mindestens zwanzig Litern nehmen.', 'Regelmäßig ausgeizen.', 'Nie über die Blätter gießen.'],
  },
  {
    lang: 'de', kind: 'press', slug: 'ministerium-schulbau', headline: 'Land fördert Schulbau mit 300 Millionen Euro', outlet: 'Ministerium für Bildung des Landes Musterland', domain: 'bildung.musterland.example',
    authors: [], published: '2023-01-24',
    paras: [
      'Das Land stellt den Kommunen in den kommenden vier Jahren insgesamt 300 Millionen Euro für den Neubau und die Sanierung von Schulen zur Verfügung.',
      'Gefördert werden vor allem Ganztagsräume, Mensen und barrierefreie Zugänge, der Eigenanteil der Gemeinden liegt bei zwanzig Prozent.',
      'Anträge können ab dem 1. März über das Förderportal des Ministeriums gestellt werden.',
    ],
  },
  {
    lang: 'de', kind: 'feature', slug: 'nachtzug-reportage', headline: 'Eine Nacht im Schlafwagen nach Wien', outlet: 'Reisen & Leben', domain: 'reisenundleben.example',
    authors: ['Katharina Vogel'], published: '2022-11-27',
    paras: [
      'Um 21.40 Uhr rollt der Nachtzug aus dem Hamburger Hauptbahnhof, und im Abteil riecht es nach frisch gewaschener Bettwäsche.',
      'Der Schaffner verteilt kleine Fläschchen Wasser und fragt jeden Fahrgast, ob er morgens Kaffee oder Tee zum Frühstück möchte.',
      'Zwischen Hannover und Nürnberg schläft fast der ganze Wagen, nur im Liegewagen nebenan spielt eine Familie noch Karten.',
      'Als der Zug am Morgen durch das Donautal fährt, stehen die ersten Fahrgäste schon mit ihren Tassen am Fenster.',
    ],
    items: ['Abfahrt Hamburg 21.40 Uhr', 'Ankunft Wien 9.15 Uhr', 'Schlafwagen ab 89 Euro'],
    quote: 'Man kommt nicht nur an, man ist schon unterwegs angekommen.',
  },
  {
    lang: 'de', kind: 'forum', slug: 'heizung-forum', headline: 'Wärmepumpe taktet ständig – Einstellungen prüfen?', outlet: 'Haustechnik-Forum', domain: 'haustechnik-forum.example',
    authors: [], published: '2023-12-05',
    paras: [
      'Seit dem Kälteeinbruch schaltet unsere Luft-Wasser-Wärmepumpe etwa alle zehn Minuten ein und wieder aus.',
      'Die Vorlauftemperatur steht auf 38 Grad, die Heizkurve habe ich im Herbst vom Installateur einstellen lassen.',
      'Kann es sein, dass der Pufferspeicher zu klein ist, oder sollte ich zuerst die Hysterese in der Steuerung vergrößern?',
    ],
  },
  {
    lang: 'de', kind: 'teaser', slug: 'freibad-teaser', headline: 'Freibad öffnet erst im Juli', outlet: 'Westfälische Rundschau am Sonntag', domain: 'rundschau-sonntag.example',
    authors: ['Markus Lehmann'], published: '2024-05-12',
    paras: [
      'Das Freibad am Stadtpark wird in diesem Jahr erst Anfang Juli öffnen, weil die neuen Filteranlagen nicht rechtzeitig geliefert wurden.',
      'Schwimmvereine müssen bis dahin auf das Hallenbad im Nachbarort ausweichen, wo die Bahnen schon jetzt knapp sind.',
    ],
  },
  {
    lang: 'de', kind: 'wire', slug: 'dpa-hochwasser', headline: 'Hochwasser an der Elbe: Pegel steigt weiter', outlet: 'Nachrichtenportal Mitte', domain: 'nachrichten-mitte.example',
    authors: [], agency: 'dpa', published: '2023-04-05',
    paras: [
      'DRESDEN (dpa) – Der Pegel der Elbe in Dresden ist bis Mittwochmorgen auf 5,80 Meter gestiegen, die Stadt hat die Alarmstufe zwei ausgerufen.',
      'Das Landeshochwasserzentrum rechnet damit, dass der Scheitel am Donnerstag erreicht wird.',
      'Anwohner der Uferstraßen wurden gebeten, Keller und Tiefgaragen vorsorglich zu räumen.',
    ],
  },

  // ------------------------------------------------------------------ French
  {
    lang: 'fr', kind: 'news', slug: 'marche-lyon', headline: 'À Lyon, les marchés couverts retrouvent leurs clients', outlet: 'Le Courrier du Rhône', domain: 'courrier-rhone.example',
    authors: ['Marie Dupont', 'Luc Martin'], published: '2022-03-03',
    paras: [
      'Les halles de quartier de Lyon ont retrouvé cet hiver une fréquentation proche de celle d’avant la crise sanitaire.',
      'Les commerçants attribuent ce retour aux nouveaux horaires du soir, qui permettent aux salariés de faire leurs courses après le travail.',
      'La mairie envisage désormais d’ouvrir une quatrième halle dans le quartier de la Guillotière d’ici à deux ans.',
    ],
    quote: 'Les gens veulent de nouveau connaître le nom de leur fromager.',
  },
  {
    lang: 'fr', kind: 'plain', slug: 'velo-cargo', headline: 'Le vélo-cargo séduit les artisans nantais', outlet: 'Ouest Quotidien', domain: 'ouest-quotidien.example',
    authors: ['Camille Leroy'], published: '2021-10-08',
    paras: [
      'Plombiers, fleuristes et livreurs nantais sont de plus en plus nombreux à troquer leur camionnette contre un vélo-cargo électrique.',
      'La métropole rembourse jusqu’à la moitié du prix d’achat, dans la limite de deux mille euros par entreprise.',
      'Les artisans interrogés disent gagner du temps dans le centre-ville, où le stationnement des utilitaires est devenu très difficile.',
    ],
  },
  {
    lang: 'fr', kind: 'blog', slug: 'confiture-figues', headline: 'Ma confiture de figues au thym', outlet: 'Le Carnet de Julie', domain: 'carnet-de-julie.example',
    authors: ['Julie Moreau'], published: '2019-09-21',
    paras: [
      'Chaque fin d’été, le figuier de ma grand-mère donne plus de fruits que nous ne pouvons en manger.',
      'Cette année, j’ai ajouté quelques brins de thym frais à la cuisson, et le parfum de la confiture a complètement changé.',
      'Comptez un kilo de figues pour six cents grammes de sucre et une bonne heure de cuisson à feu doux.',
    ],
    items: ['Un kilo de figues mûres', 'Six cents grammes de sucre', 'Trois brins de thym'],
  },
  {
    lang: 'fr', kind: 'press', slug: 'prefecture-secheresse', headline: 'Sécheresse : nouvelles restrictions d’eau dans le département', outlet: 'Préfecture du Loiret', domain: 'loiret.gouv.example',
    authors: [], published: '2022-07-19',
    paras: [
      'Le préfet a placé l’ensemble du département en situation d’alerte renforcée sécheresse à compter du mercredi 20 juillet.',
      'L’arrosage des jardins et le lavage des véhicules sont interdits entre huit heures et vingt heures.',
      'Les prélèvements agricoles sont réduits de moitié, sauf pour les cultures maraîchères et l’abreuvement des animaux.',
    ],
  },
  {
    lang: 'fr', kind: 'feature', slug: 'phare-bretagne', headline: 'Les derniers gardiens de phare de Bretagne', outlet: 'Le Magazine de la Mer', domain: 'magazine-mer.example',
    authors: ['Yann Le Goff'], published: '2020-11-15',
    paras: [
      'Jean-Pierre a passé vingt ans sur le phare d’Ar-Men, au large de l’île de Sein, avant son automatisation en 1990.',
      'Il se souvient des relèves impossibles pendant les tempêtes, quand le bateau tournait des heures autour du rocher.',
      'Aujourd’hui, il guide les visiteurs au phare de l’île Vierge et raconte la solitude des longues nuits d’hiver.',
    ],
    items: ['Allumer le feu au coucher du soleil', 'Noter la météo toutes les trois heures', 'Nettoyer la lentille chaque matin'],
    quote: 'On ne gardait pas un phare, on gardait la nuit des autres.',
  },
  {
    lang: 'fr', kind: 'teaser', slug: 'piscine-teaser', headline: 'La piscine municipale fermera tout l’été', outlet: 'L’Écho du Jura', domain: 'echo-jura.example',
    authors: ['Sophie Girard'], published: '2023-06-02',
    paras: [
      'La piscine municipale restera fermée tout l’été pour des travaux de mise aux normes de ses bassins.',
      'Les clubs de natation devront s’entraîner à Lons-le-Saunier, à quarante minutes de route.',
    ],
  },
  {
    lang: 'fr', kind: 'wire', slug: 'afp-greve', headline: 'Grève dans les transports : trafic très perturbé mardi', outlet: 'Actu Région', domain: 'actu-region.example',
    authors: [], agency: 'AFP', published: '2023-03-07',
    paras: [
      'PARIS (AFP) – Le trafic sera très perturbé mardi dans les trains et les transports franciliens, au sixième jour de mobilisation contre la réforme des retraites.',
      'La SNCF prévoit un TGV sur trois et un TER sur cinq en moyenne sur l’ensemble du territoire.',
      'Les syndicats appellent à de nouveaux rassemblements dans plusieurs grandes villes en fin de matinée.',
    ],
  },

  // ------------------------------------------------------------------ Spanish
  {
    lang: 'es', kind: 'news', slug: 'huertos-madrid', headline: 'Los huertos urbanos de Madrid duplican sus parcelas', outlet: 'Diario del Centro', domain: 'diariodelcentro.example',
    authors: ['Lucía Fernández', 'Javier Ruiz'], published: '2021-03-12',
    paras: [
      'La red de huertos urbanos de Madrid ha duplicado en dos años el número de parcelas disponibles para los vecinos.',
      'Las listas de espera siguen siendo largas en los barrios del centro, donde apenas quedan solares libres.',
      'El Ayuntamiento prepara un concurso para ceder terrenos municipales a nuevas asociaciones vecinales.',
    ],
    quote: 'Aquí se cultivan tomates, pero sobre todo se cultiva barrio.',
  },
  {
    lang: 'es', kind: 'plain', slug: 'tranvia-zaragoza', headline: 'El tranvía de Zaragoza llegará al barrio de Valdespartera', outlet: 'El Heraldo del Ebro', domain: 'heraldo-ebro.example',
    authors: ['Pablo Martínez'], published: '2022-10-04', malformed: 'stray',
    paras: [
      'La nueva línea del tranvía llegará al barrio de Valdespartera en 2025, según el calendario presentado este martes por el consistorio.',
      'Las obras obligarán a cortar varios tramos de la avenida principal durante al menos ocho meses.',
      'Los vecinos llevaban más de una década reclamando una conexión directa con el centro de la ciudad.',
    ],
  },
  {
    lang: 'es', kind: 'blog', slug: 'camino-santiago', headline: 'Mi primer Camino de Santiago en bicicleta', outlet: 'Pedaleando Lejos', domain: 'pedaleandolejos.example',
    authors: ['Carmen Ortega'], published: '2019-07-28',
    paras: [
      'Salí de León un lunes de julio con las alforjas demasiado llenas y las piernas poco entrenadas.',
      'La subida a O Cebreiro fue la etapa más dura, pero también la que mejor recuerdo por la niebla y el silencio.',
      'En seis días recorrí algo más de trescientos kilómetros y llegué a Santiago con una sonrisa imposible de borrar.',
    ],
    items: ['Llevar poco peso', 'Salir temprano por el calor', 'Reservar albergue en agosto'],
  },
  {
    lang: 'es', kind: 'press', slug: 'ayuntamiento-bibliotecas', headline: 'Las bibliotecas municipales amplían su horario en época de exámenes', outlet: 'Ayuntamiento de Valladolid', domain: 'valladolid.example',
    authors: [], published: '2023-05-16',
    paras: [
      'Las bibliotecas municipales abrirán de ocho de la mañana a dos de la madrugada durante el periodo de exámenes universitarios.',
      'La ampliación se aplicará del 22 de mayo al 30 de junio en las salas de estudio de cuatro centros.',
      'El Ayuntamiento reforzará la limpieza y la vigilancia nocturna en los edificios afectados.',
    ],
  },
  {
    lang: 'es', kind: 'feature', slug: 'salinas-cadiz', headline: 'Los últimos salineros de la bahía de Cádiz', outlet: 'Revista Sur', domain: 'revistasur.example',
    authors: ['Antonio Gil'], published: '2020-06-21',
    paras: [
      'Manuel recoge la sal a mano en la misma salina donde trabajaron su padre y su abuelo.',
      'De las más de cien salinas que había en la bahía a mediados del siglo pasado, hoy solo quedan unas pocas en activo.',
      'La flor de sal que vende a restaurantes de todo el país le permite, por ahora, mantener el oficio.',
    ],
    items: ['Llenar los esteros en primavera', 'Recoger la flor de sal al amanecer', 'Secar la sal al sol'],
    quote: 'La sal no se fabrica, se espera.',
  },
  {
    lang: 'es', kind: 'teaser', slug: 'feria-teaser', headline: 'La feria de septiembre cambia de recinto', outlet: 'La Voz Comarcal', domain: 'vozcomarcal.example',
    authors: ['Elena Castro'], published: '2024-08-20',
    paras: [
      'La feria de septiembre se celebrará este año en el antiguo recinto ferial del polígono norte.',
      'Los feriantes temen que el traslado reduzca la afluencia de familias con niños pequeños.',
    ],
  },
  {
    lang: 'es', kind: 'wire', slug: 'efe-incendio', headline: 'Controlado el incendio forestal de la sierra de Gata', outlet: 'Noticias al Minuto', domain: 'noticiasalminuto.example',
    authors: [], agency: 'EFE', published: '2022-07-14',
    paras: [
      'CÁCERES (EFE) – Los servicios de emergencia han dado por controlado el incendio forestal que ardía desde el lunes en la sierra de Gata.',
      'El fuego ha afectado a unas 1.200 hectáreas de monte y obligó a desalojar de forma preventiva a unos trescientos vecinos.',
      'Los vecinos desalojados han podido regresar a sus casas durante la tarde del jueves.',
    ],
  },

  // ------------------------------------------------------------------ Italian
  {
    lang: 'it', kind: 'news', slug: 'mercato-bologna', headline: 'Bologna, rinasce il mercato delle Erbe', outlet: 'Il Corriere Emiliano', domain: 'corriere-emiliano.example',
    authors: ['Giulia Bianchi', 'Marco Rossi'], published: '2023-04-05',
    paras: [
      'Dopo due anni di lavori il mercato delle Erbe di Bologna ha riaperto con trenta banchi e una nuova copertura in vetro.',
      'I commercianti storici sono rimasti quasi tutti, affiancati da alcuni giovani produttori delle colline vicine.',
      'Il Comune punta a fare del mercato anche un luogo di incontro serale, con concerti e cene il venerdì.',
    ],
    quote: 'Qui la gente torna a chiedere come si cucina una verdura.',
  },
  {
    lang: 'it', kind: 'plain', slug: 'treni-liguria', headline: 'Liguria, nuovi treni regionali sulla linea costiera', outlet: 'Gazzetta del Levante', domain: 'gazzetta-levante.example',
    authors: ['Francesca Conti'], published: '2022-02-18',
    paras: [
      'Da lunedì sulla linea costiera tra Genova e La Spezia viaggiano sei nuovi treni regionali a due piani.',
      'La Regione promette meno ritardi e più posti a sedere nelle ore di punta, soprattutto per i pendolari.',
      'I vecchi convogli saranno trasferiti sulle linee dell’entroterra entro la fine dell’anno.',
    ],
  },
  {
    lang: 'it', kind: 'blog', slug: 'pasta-fresca', headline: 'La pasta fresca della domenica', outlet: 'Cucina di Casa Mia', domain: 'cucinadicasamia.example',
    authors: ['Paola Ricci'], published: '2021-11-07', malformed: 'two-html',
    paras: [
      'Ogni domenica mattina mia nonna impastava farina e uova sul tagliere di legno grande quanto il tavolo.',
      'Per le tagliatelle bastano cento grammi di farina e un uovo a persona, ma serve pazienza nel tirare la sfoglia.',
      'Il segreto è lasciare riposare l’impasto almeno mezz’ora sotto una ciotola capovolta.',
    ],
    items: ['Cento grammi di farina a persona', 'Un uovo a persona', 'Mezz’ora di riposo'],
  },
  {
    lang: 'it', kind: 'press', slug: 'regione-borse-studio', headline: 'Borse di studio, la Regione stanzia 40 milioni', outlet: 'Regione Toscana', domain: 'regione-toscana.example',
    authors: [], published: '2023-09-12',
    paras: [
      'La Regione ha stanziato quaranta milioni di euro per le borse di studio universitarie del prossimo anno accademico.',
      'Potranno beneficiarne circa quindicimila studenti iscritti agli atenei toscani con un reddito familiare sotto la soglia prevista.',
      'Le domande si presentano online entro il 30 settembre sul portale dell’azienda regionale per il diritto allo studio.',
    ],
  },
  {
    lang: 'it', kind: 'feature', slug: 'liutai-cremona', headline: 'Le botteghe dei liutai di Cremona', outlet: 'Mensile Arte e Mestieri', domain: 'artemestieri.example',
    authors: ['Stefano Galli'], published: '2020-10-25',
    paras: [
      'Nella bottega di Alberto il profumo di vernice e legno d’acero accompagna ogni violino per mesi.',
      'Per costruire uno strumento servono circa duecento ore di lavoro, quasi tutte a mano.',
      'Molti allievi arrivano dal Giappone e dalla Corea per imparare il mestiere nella città di Stradivari.',
    ],
    items: ['Scegliere il legno stagionato', 'Intagliare la tavola armonica', 'Stendere la vernice in più mani'],
    quote: 'Un violino si finisce, ma non si smette mai di ascoltarlo.',
  },
  {
    lang: 'it', kind: 'teaser', slug: 'sagra-teaser', headline: 'La sagra del tartufo rinviata a novembre', outlet: 'Il Piccolo di Langa', domain: 'piccolo-langa.example',
    authors: ['Davide Ferrero'], published: '2024-09-30',
    paras: [
      'La sagra del tartufo bianco è stata rinviata a novembre a causa delle piogge che hanno ritardato la stagione.',
      'Gli organizzatori assicurano che il programma degli eventi resterà invariato.',
    ],
  },
  {
    lang: 'it', kind: 'wire', slug: 'ansa-neve', headline: 'Neve sulle Alpi, chiusi tre passi', outlet: 'Notizie Nord', domain: 'notizienord.example',
    authors: [], agency: 'ANSA', published: '2023-04-05',
    paras: [
      'ROMA (ANSA) – Le nevicate delle ultime ore hanno costretto alla chiusura tre passi alpini tra Lombardia e Trentino.',
      'Sulle strade di fondovalle sono al lavoro da stanotte decine di spazzaneve e spargisale.',
      'La protezione civile invita a mettersi in viaggio solo con catene o pneumatici invernali.',
    ],
  },

  // ------------------------------------------------------------------ Dutch
  {
    lang: 'nl', kind: 'news', slug: 'fietsenstalling-utrecht', headline: 'Utrecht opent tweede grote fietsenstalling bij het station', outlet: 'Utrechts Dagblad', domain: 'utrechtsdagblad.example',
    authors: ['Sanne de Vries', 'Pieter Jansen'], published: '2022-02-14',
    paras: [
      'Bij het centraal station in Utrecht is maandag een tweede ondergrondse fietsenstalling geopend met plaats voor achtduizend fietsen.',
      'De eerste vierentwintig uur stallen is gratis, daarna betalen reizigers een euro vijfentwintig per dag.',
      'De gemeente hoopt dat de stoepen rond het station daarmee eindelijk vrij komen van losse fietsen.',
    ],
    quote: 'Een stad die fietsers wil, moet ze ook een plek geven.',
  },
  {
    lang: 'nl', kind: 'plain', slug: 'dijkversterking', headline: 'Werk aan dijk bij Zwolle duurt een jaar langer', outlet: 'De Stentor Regio', domain: 'stentor-regio.example',
    authors: ['Bram Visser'], published: '2021-09-22',
    paras: [
      'De versterking van de IJsseldijk bij Zwolle duurt een jaar langer dan gepland, meldt het waterschap.',
      'Bij het graven werden onverwacht resten van een oude steenfabriek gevonden die eerst onderzocht moeten worden.',
      'Het fietspad op de dijk blijft daardoor tot het najaar van volgend jaar afgesloten.',
    ],
  },
  {
    lang: 'nl', kind: 'blog', slug: 'moestuin-herfst', headline: 'Mijn moestuin in de herfst', outlet: 'Tuinieren met Eva', domain: 'tuinierenmeteva.example',
    authors: ['Eva Bakker'], published: '2020-10-11',
    paras: [
      'In oktober ruim ik de bonen en courgettes op en zaai ik groenbemesters op de lege bedden.',
      'Boerenkool en prei blijven staan tot na de eerste vorst, want dan worden ze pas echt zoet.',
      'Dit jaar probeer ik voor het eerst wintersla onder een tunnel van oude ramen.',
    ],
    items: ['Groenbemester zaaien', 'Bladeren verzamelen voor compost', 'Gereedschap schoonmaken'],
  },
  {
    lang: 'nl', kind: 'press', slug: 'gemeente-afval', headline: 'Gemeente gaat plastic weer apart ophalen', outlet: 'Gemeente Deventer', domain: 'deventer.example',
    authors: [], published: '2023-06-08',
    paras: [
      'Vanaf januari haalt de gemeente plastic, blik en drinkpakken weer apart aan huis op, eens per twee weken.',
      'Inwoners krijgen in het najaar een extra container met een oranje deksel.',
      'De gemeente verwacht daarmee het restafval per inwoner met een vijfde te verminderen.',
    ],
  },
  {
    lang: 'nl', kind: 'feature', slug: 'molenaars', headline: 'De laatste beroepsmolenaars van Nederland', outlet: 'Land & Leven', domain: 'landenleven.example',
    authors: ['Kees van Dijk'], published: '2019-05-12',
    paras: [
      'Op de molen De Hoop in Dokkum maalt Jan nog elke dag graan voor de bakkers in de omgeving.',
      'Hij leerde het vak van zijn oom en haalde op zijn achttiende het diploma van vrijwillig molenaar.',
      'Van wind alleen kan hij niet leven, dus verkoopt hij ook meel en pannenkoekmix in de molenwinkel.',
    ],
    items: ['Zeilen voorleggen bij zonsopgang', 'De stenen scherpen', 'Het meel zeven'],
    quote: 'De wind bepaalt mijn werkdag, niet de klok.',
  },
  {
    lang: 'nl', kind: 'teaser', slug: 'kermis-teaser', headline: 'Kermis verhuist naar de haven', outlet: 'Het Kustblad', domain: 'kustblad.example',
    authors: ['Lotte Smit'], published: '2024-04-03',
    paras: [
      'De jaarlijkse kermis verhuist dit jaar van de markt naar het haventerrein, heeft het college besloten.',
      'Ondernemers in het centrum zijn blij, maar bewoners van de havenbuurt vrezen voor overlast.',
    ],
  },
  {
    lang: 'nl', kind: 'wire', slug: 'anp-storm', headline: 'Storm veroorzaakt veel schade in het noorden', outlet: 'Nieuws Nu', domain: 'nieuwsnu.example',
    authors: [], agency: 'ANP', published: '2022-02-18',
    paras: [
      'GRONINGEN (ANP) – De storm heeft vrijdag in het noorden van het land veel schade aangericht, vooral aan daken en bomen.',
      'De brandweer rukte honderden keren uit en meerdere treinverbindingen lagen urenlang stil.',
      'Het KNMI verwacht dat de wind in de loop van de avond langzaam afneemt.',
    ],
  },

  // ------------------------------------------------------------------ Polish
  {
    lang: 'pl', kind: 'news', slug: 'tramwaje-krakow', headline: 'Kraków kupi pięćdziesiąt nowych tramwajów', outlet: 'Gazeta Krakowska Dziś', domain: 'krakowska-dzis.example',
    authors: ['Anna Nowak', 'Piotr Kowalski'], published: '2023-02-07',
    paras: [
      'Miejskie przedsiębiorstwo komunikacyjne w Krakowie podpisało umowę na dostawę pięćdziesięciu nowych tramwajów.',
      'Pierwsze pojazdy mają wyjechać na ulice jesienią przyszłego roku, a ostatnie do końca 2026 roku.',
      'Nowe tramwaje będą w pełni niskopodłogowe i wyposażone w klimatyzację.',
    ],
    quote: 'To największy zakup taboru w historii miasta.',
  },
  {
    lang: 'pl', kind: 'plain', slug: 'jezioro-mazury', headline: 'Na Mazurach rusza sezon żeglarski', outlet: 'Kurier Mazurski', domain: 'kurier-mazurski.example',
    authors: ['Tomasz Wiśniewski'], published: '2022-05-01',
    paras: [
      'Na mazurskich jeziorach ruszył sezon żeglarski, a porty w Giżycku i Mikołajkach są już prawie pełne.',
      'Czarterujący łodzie skarżą się na wyższe ceny paliwa i miejsc postojowych niż przed rokiem.',
      'Ratownicy przypominają o kamizelkach ratunkowych i sprawdzaniu prognozy pogody przed wypłynięciem.',
    ],
  },
  {
    lang: 'pl', kind: 'blog', slug: 'pierogi', headline: 'Pierogi ruskie jak u babci', outlet: 'Smaki Domu', domain: 'smakidomu.example',
    authors: ['Magdalena Zielińska'], published: '2021-12-19',
    paras: [
      'Przed każdą Wigilią lepimy z mamą kilkaset pierogów i co roku spieramy się o ilość cebuli w farszu.',
      'Ciasto musi być elastyczne, dlatego dodaję do mąki odrobinę oleju i ciepłej wody.',
      'Najlepsze są następnego dnia, odsmażone na maśle na złoty kolor.',
    ],
    items: ['Pół kilo mąki', 'Kilogram ziemniaków', 'Dwadzieścia deko twarogu'],
  },
  {
    lang: 'pl', kind: 'press', slug: 'urzad-dotacje', headline: 'Miasto dopłaci do wymiany pieców', outlet: 'Urząd Miasta Lublin', domain: 'lublin.example',
    authors: [], published: '2023-03-14',
    paras: [
      'Mieszkańcy Lublina mogą ubiegać się o dotację do wymiany starych pieców węglowych na ekologiczne źródła ciepła.',
      'Dofinansowanie wynosi do piętnastu tysięcy złotych na jedno gospodarstwo domowe.',
      'Wnioski przyjmowane są w Biurze Obsługi Mieszkańców do końca kwietnia.',
    ],
  },
  {
    lang: 'pl', kind: 'feature', slug: 'bursztyn', headline: 'Ostatni szlifierze bursztynu z Gdańska', outlet: 'Magazyn Pomorski', domain: 'magazynpomorski.example',
    authors: ['Krzysztof Lewandowski'], published: '2020-08-30',
    paras: [
      'W pracowni na Mariackiej pan Zbigniew szlifuje bursztyn od ponad czterdziestu lat.',
      'Najcenniejsze są bryłki z inkluzjami, w których zatopione zostały owady sprzed milionów lat.',
      'Młodych adeptów zawodu jest coraz mniej, bo praca wymaga cierpliwości i dobrego wzroku.',
    ],
    items: ['Wybór surowca', 'Szlifowanie na mokro', 'Polerowanie kredą'],
    quote: 'Bursztyn trzeba najpierw zrozumieć, a dopiero potem szlifować.',
  },
  {
    lang: 'pl', kind: 'forum', slug: 'forum-samochod', headline: 'Silnik szarpie na zimnym – co sprawdzić?', outlet: 'Forum Motoryzacyjne', domain: 'forum-moto.example',
    authors: [], published: '2022-01-11',
    paras: [
      'Od tygodnia mój samochód szarpie przez pierwsze kilka minut jazdy po zimnym starcie.',
      'Świece wymieniłem jesienią, a komputer nie pokazuje żadnych błędów.',
      'Czy ktoś miał podobny problem i czy warto najpierw sprawdzić czujnik temperatury?',
    ],
  },
  {
    lang: 'pl', kind: 'teaser', slug: 'basen-teaser', headline: 'Basen miejski zamknięty do jesieni', outlet: 'Tygodnik Powiatowy', domain: 'tygodnik-powiatowy.example',
    authors: ['Ewa Kamińska'], published: '2024-06-04',
    paras: [
      'Miejski basen zostanie zamknięty do jesieni z powodu remontu niecki i instalacji uzdatniania wody.',
      'Kluby pływackie przenoszą treningi do sąsiedniej gminy.',
    ],
  },
  {
    lang: 'pl', kind: 'wire', slug: 'pap-mrozy', headline: 'Siarczyste mrozy w całym kraju', outlet: 'Serwis Informacyjny 24', domain: 'serwis24.example',
    authors: [], agency: 'PAP', published: '2023-02-07',
    paras: [
      'WARSZAWA (PAP) – W nocy z poniedziałku na wtorek temperatura w wielu miejscach kraju spadła poniżej minus dwudziestu stopni.',
      'Najzimniej było na Podhalu, gdzie termometry pokazały minus dwadzieścia sześć stopni.',
      'Służby apelują o zwracanie uwagi na osoby bezdomne i samotne.',
    ],
  },

  // ------------------------------------------------------------------ Portuguese
  {
    lang: 'pt', kind: 'news', slug: 'eletricos-lisboa', headline: 'Lisboa recupera elétricos históricos', outlet: 'Jornal da Capital', domain: 'jornaldacapital.example',
    authors: ['Ana Souza', 'Rui Pereira'], published: '2021-03-12',
    paras: [
      'A Carris vai recuperar seis elétricos históricos para voltar a pô-los a circular na linha do Castelo.',
      'Os veículos, construídos nos anos trinta, estavam guardados no museu e precisam de novos motores e travões.',
      'A empresa espera ter os primeiros elétricos restaurados a funcionar antes do verão do próximo ano.',
    ],
    quote: 'Os turistas adoram, mas são os moradores que mais os usam.',
  },
  {
    lang: 'pt', kind: 'plain', slug: 'vindimas-douro', headline: 'Vindimas no Douro começam mais cedo', outlet: 'Notícias do Norte', domain: 'noticiasdonorte.example',
    authors: ['Joana Costa'], published: '2022-08-25',
    paras: [
      'As vindimas no Douro começaram este ano quase duas semanas mais cedo do que o habitual por causa do calor.',
      'Os produtores falam de uvas com muito açúcar mas em menor quantidade.',
      'A falta de mão de obra continua a ser a maior preocupação das quintas da região.',
    ],
  },
  {
    lang: 'pt', kind: 'blog', slug: 'pao-caseiro', headline: 'Pão caseiro em panela de ferro', outlet: 'Cozinha da Inês', domain: 'cozinhadaines.example',
    authors: ['Inês Rodrigues'], published: '2020-04-18',
    paras: [
      'Durante o confinamento comecei a fazer pão em casa e nunca mais parei.',
      'A panela de ferro com tampa cria o vapor que dá ao pão uma côdea estaladiça.',
      'Deixo a massa a levedar no frigorífico durante a noite e coso de manhã.',
    ],
    items: ['Quinhentos gramas de farinha', 'Dez gramas de sal', 'Trezentos e cinquenta mililitros de água'],
  },
  {
    lang: 'pt', kind: 'press', slug: 'camara-praias', headline: 'Câmara reforça vigilância nas praias', outlet: 'Câmara Municipal de Cascais', domain: 'cascais.example',
    authors: [], published: '2023-06-15',
    paras: [
      'A Câmara Municipal reforça este verão a vigilância nas praias do concelho com mais vinte nadadores-salvadores.',
      'A época balnear decorre de 1 de junho a 30 de setembro em todas as praias vigiadas.',
      'Serão também instalados três novos postos de primeiros socorros.',
    ],
  },
  {
    lang: 'pt', kind: 'feature', slug: 'azulejos', headline: 'Os guardiões dos azulejos de Lisboa', outlet: 'Revista Atlântico', domain: 'revistaatlantico.example',
    authors: ['Miguel Santos'], published: '2019-11-03',
    paras: [
      'Todas as semanas, uma equipa de voluntários percorre os bairros antigos à procura de azulejos roubados ou partidos.',
      'Desde que começaram, há dez anos, já registaram mais de quatro mil fachadas.',
      'Os azulejos recuperados são guardados num armazém municipal até poderem voltar ao lugar.',
    ],
    items: ['Fotografar a fachada', 'Registar os azulejos em falta', 'Avisar a junta de freguesia'],
    quote: 'Cada azulejo que desaparece é uma palavra que a cidade perde.',
  },
  {
    lang: 'pt', kind: 'teaser', slug: 'festa-teaser', headline: 'Festas da cidade com novo programa', outlet: 'O Correio Regional', domain: 'correioregional.example',
    authors: ['Sofia Almeida'], published: '2024-06-10',
    paras: [
      'As festas da cidade terão este ano um programa renovado, com concertos no parque ribeirinho.',
      'A autarquia promete mais segurança e transportes noturnos gratuitos.',
    ],
  },
  {
    lang: 'pt', kind: 'wire', slug: 'lusa-incendios', headline: 'Incêndio em Monchique dado como dominado', outlet: 'Portal de Notícias', domain: 'portaldenoticias.example',
    authors: [], agency: 'Lusa', published: '2023-08-09',
    paras: [
      'FARO (Lusa) – O incêndio que lavrava desde domingo na serra de Monchique foi dado como dominado na madrugada de hoje.',
      'Mais de quinhentos operacionais continuam no terreno em trabalhos de rescaldo.',
      'As estradas de acesso à vila já foram reabertas ao trânsito.',
    ],
  },
];
