package dev.promptly.worker.summaries;

import java.util.List;

/**
 * A long document of plain English prose, page by page: a chronicle of a harbour town in which each
 * page names its own year, so no two pages are the same text.
 */
final class LongDocument {
  private static final List<String> PARAGRAPHS =
      List.of(
          """
          The harbour of Greywick lies at the mouth of a slow brown river, where the tide runs \
          twice a day over a bar of sand and shingle. Fishermen built the first stone quay there \
          to shelter their boats from the winter gales, and the town grew up the hill behind it in \
          narrow terraces of slate and granite. For most of its history the town lived on herring, \
          salt and the small coastal trade that carried coal in and timber out.""",
          """
          The council kept careful accounts of every season, and the ledgers record how many \
          boats went out, how many returned, and what the catch fetched at the market. In good \
          years the quay was crowded with barrels before dawn, and the smokehouses along the \
          river burned day and night. In bad years the boats stayed on their moorings and the \
          families of the fishermen borrowed against the next spring.""",
          """
          A lighthouse was raised on the northern headland after a storm wrecked three merchant \
          ships within sight of the town. Its keeper wrote a daily log of the weather, the ships \
          that passed and the state of the lamp, and those logs are the best record we have of \
          how the sea behaved along this coast. Fog was the great danger, more than wind, because \
          the currents off the headland pull a blind ship towards the rocks.""",
          """
          The railway reached Greywick late, and when it came it changed the town more than any \
          storm. Fish could be sent inland overnight packed in ice, and prices at the quay rose \
          for the first time in a generation. Visitors followed the fish: families from the \
          industrial towns came for a week by the sea, and the terraces filled with lodging \
          houses, tea rooms and a small theatre on the promenade.""",
          """
          The school on Chapel Street taught the children of fishermen and railwaymen side by \
          side. Its head teacher insisted that every pupil learn to swim in the harbour basin \
          before leaving, a rule that the town remembered with gratitude after the great flood. \
          Attendance fell every autumn, when older children were needed to mend nets and gut \
          fish, and the school simply planned its year around the season.""",
          """
          The great flood came on a spring tide driven by a southerly gale. Water rose over the \
          quay, poured into the lower streets and stood waist deep in the market for most of a \
          night. No one drowned, which the coroner put down to the swimming lessons and to the \
          lifeboat crew, who rowed through the streets and carried the old and the sick up the \
          hill to the chapel, where the women of the town kept fires burning until morning.""",
          """
          After the flood the council built a sea wall and raised the level of the market \
          square. The work took four years and nearly ruined the town's finances, and there were \
          angry meetings about who should pay. In the end a loan from the county and a levy on \
          every barrel landed at the quay covered the cost, and the wall has held against every \
          tide since, though the sea still breaks over it in the worst winter storms.""",
          """
          Today the herring are gone and most of the boats carry visitors rather than nets. The \
          smokehouses have become galleries and cafes, and the lighthouse is run from a control \
          room a hundred miles away. Yet the town still counts its year by the tides and the \
          seasons, and the old ledgers, the keeper's logs and the school registers are kept in \
          the library above the harbour, where anyone may read how the town came to be.""");

  private LongDocument() {}

  /** {@code pages} pages of about 1,800 characters each, separated by blank lines. */
  static String pages(int pages) {
    StringBuilder text = new StringBuilder();
    for (int page = 0; page < pages; page++) {
      int year = 1750 + page;
      text.append("In the year ")
          .append(year)
          .append(", the chronicle of Greywick records the following.\n\n");
      for (int i = 0; i < 4; i++) {
        text.append(PARAGRAPHS.get((page * 4 + i) % PARAGRAPHS.size())).append("\n\n");
      }
    }
    return text.toString().strip();
  }
}
