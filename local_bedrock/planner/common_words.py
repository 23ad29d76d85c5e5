"""Everyday words the speller must leave alone even though no document or product uses them
(without this, "anymore" would be "corrected" to "anyone" and "weather" to "leather")."""

COMMON_WORDS = frozenset(
    """
    about above actually after afternoon again against ago all almost alone along already also although
    always am among amount and another answer anybody anymore anyone anything anyway anywhere apple are
    around arrive ask asked asking away awesome baby back bad bank because become bed been before began
    behind being believe below best better between big birthday bit black blue body book boy break
    bring brother brought business busy but buy call came can cannot car care carry case cat cause
    change cheap check child children city class clear close clothes cold color come coming company
    could country couple course cousin cute dad daughter day dear decide did different dinner doctor
    does dog doing done door down dream drink drive during each early earth easy eat either else end
    enough even evening ever every everybody everyone everything exactly example eye face fact family
    far fast father favorite feel few find fine finish first food football for forget forgot found
    free friday friend from front full fun funny game gave get gift girl give glad goes going gone good
    got great green guess guy had half happen happy hard has hate have he head hear heard hello help
    her here hey high him his hold holiday home hope horse hot hour house how however hungry husband
    idea important inside instead into its joke just keep kid kind knew know large last late later
    learn least leave left less let letter life light like likely line listen little live long look
    looking lose lost lot love lovely lunch made make man many maybe mean meet might mind minute miss
    moment monday money month more morning most mother move movie much music must name near need never
    news next nice night nobody none nothing now number often okay old once only open other our out
    outside over own paper parent part party pay people perhaps person phone pick picture place plan
    play please poem point politics poor possible pretty price probably problem put question quick
    quite rain rather read ready real really reason recipe remember rest right room run said same
    saturday saw say school second see seem seen sell send sent she should show sick side since sing
    sister sit sleep slow small smile snow some somebody someone something sometimes son song soon
    sorry sound speak special spend sport spring start stay still stop story street strong student
    such summer sunday sure take talk tall teacher tell than thank that the their them then there these
    they thing think this those though thought through thursday time tired today together told
    tomorrow tonight too took toward town tree trip true try tuesday turn under understand until upon
    use usually very visit wait walk want warm was watch water way weather wednesday week weekend well
    went were what whatever when where whether which while white who whole whose why wife will win
    winter wish with without woman wonder word work world worry would write wrong year yes yesterday
    yet you young your yourself election president vote weather joke poem story movie recipe football
    soccer basketball homework translate capital population history math science anymore whenever
    mine yours ours theirs anything nothing else bored boring reckon usually nephew niece lol
    """.split()
)
