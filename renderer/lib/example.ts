/** The example clipping a first run may add (a made-up article, tagged so it is easy to find and delete). */
export const EXAMPLE_TAG = 'example';

export const EXAMPLE_CLIPPING = {
  name: 'example-cuttings.html',
  mediaType: 'text/html',
  text: `<html lang="en"><head><title>Harbour trust agrees winter ferry timetable</title>
<meta name="author" content="A. Reporter"><meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2024-11-05T08:00:00Z"></head><body><article>
<h1>Harbour trust agrees winter ferry timetable</h1>
<p>This is an example clipping that Cuttings added so you can try the app: search it, highlight a sentence, tag it, then delete it.</p>
<p>The harbour trust agreed on Monday to keep two ferry crossings a day through the winter, after islanders asked it not to cut the service to one.</p>
<p>“The crossing is how people reach the hospital and the school,” said the trust’s chair, adding that the timetable would be reviewed in March.</p>
<p>Fuel costs rose by a fifth this year, the trust said, and passenger numbers fell for the third winter running.</p>
</article></body></html>`,
};
